// Copies the files the portal serves from node_modules into wwwroot/lib.
// Invoked by the build (RestoreFrontEndLibraries) after `npm ci`.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, "..", "..", "wwwroot", "lib");
const modules = join(here, "node_modules");

const copies = [
  ["@fontsource/roboto/300.css", "roboto/300.css"],
  ["@fontsource/roboto/400.css", "roboto/400.css"],
  ["@fontsource/roboto/500.css", "roboto/500.css"],
  ["@fontsource/roboto/700.css", "roboto/700.css"],
  ["@fontsource/roboto/files", "roboto/files"],
  // Invoice PDFs embed Roboto too; Skia reads TrueType, not the woff2 files browsers get.
  ["@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf", "roboto-ttf/Roboto-Regular.ttf"],
  ["@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf", "roboto-ttf/Roboto-Bold.ttf"],
  ["@expo-google-fonts/roboto/LICENSE_FONT", "roboto-ttf/LICENSE"],
  ["@xterm/xterm/css/xterm.css", "xterm/xterm.css"],
  ["@xterm/xterm/lib/xterm.js", "xterm/xterm.js"],
  ["@xterm/addon-fit/lib/addon-fit.js", "xterm/addon-fit.js"],
  ["codemirror/lib/codemirror.js", "codemirror/codemirror.js"],
  ["codemirror/lib/codemirror.css", "codemirror/codemirror.css"],
  ["codemirror/LICENSE", "codemirror/LICENSE"],
  // The file editor's modes: the configuration and source files game and dev servers hold.
  ...["properties", "yaml", "javascript", "shell", "python", "toml", "xml", "clike", "go", "markdown", "css"]
    .map(mode => [`codemirror/mode/${mode}/${mode}.js`, `codemirror/mode/${mode}.js`]),
];

// Only the weights and subsets MudBlazor's typography uses; the package ships hundreds of files.
function keepFontFile(source) {
  if (!source.includes(`${join("roboto", "files")}`) || !/\.woff2?$/.test(source)) return true;
  return /roboto-(latin|latin-ext)-(300|400|500|700)-normal\.woff2$/.test(source);
}

rmSync(lib, { recursive: true, force: true });
for (const [from, to] of copies) {
  const target = join(lib, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(modules, from), target, { recursive: true, filter: keepFontFile });
}
console.log(`front-end libraries copied to ${lib}`);
