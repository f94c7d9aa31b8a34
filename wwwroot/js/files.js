// The Files tab: uploads with a progress bar (XMLHttpRequest reports upload progress; fetch does not) and the text
// editor, CodeMirror 5 served from lib/codemirror (never a CDN).

let codeMirrorLoaded;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

function ensureCodeMirror() {
  codeMirrorLoaded ??= (async () => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "lib/codemirror/codemirror.css";
    document.head.appendChild(link);
    await loadScript("lib/codemirror/codemirror.js");
    // clike before the modes that build on it; xml before markdown.
    for (const mode of ["clike", "xml", "properties", "yaml", "javascript", "shell", "python", "toml", "go", "markdown", "css"]) {
      await loadScript(`lib/codemirror/mode/${mode}.js`);
    }
  })();
  return codeMirrorLoaded;
}

// Uploads the files picked in `input` whenever it changes; the component says where and reports progress back.
export function watchUploads(input, dotnet) {
  input.addEventListener("change", async () => {
    const files = [...input.files];
    if (files.length === 0) return;
    const target = await dotnet.invokeMethodAsync("UploadTarget");
    const form = new FormData();
    form.append("path", target.folder);
    for (const file of files) form.append("files", file, file.name);
    const request = new XMLHttpRequest();
    request.open("POST", target.url);
    request.setRequestHeader("RequestVerificationToken", target.token);
    let reported = 0;
    request.upload.onprogress = e => {
      const now = Date.now();
      if (e.lengthComputable && now - reported > 100) {
        reported = now;
        dotnet.invokeMethodAsync("OnUploadProgress", e.loaded, e.total);
      }
    };
    request.onload = () => dotnet.invokeMethodAsync("OnUploadFinished", request.status, request.responseText);
    request.onerror = () => dotnet.invokeMethodAsync("OnUploadFinished", 0, "");
    input.value = "";
    dotnet.invokeMethodAsync("OnUploadProgress", 0, files.reduce((sum, f) => sum + f.size, 0));
    request.send(form);
  });
}

export async function openEditor(element, text, mode) {
  await ensureCodeMirror();
  element.replaceChildren();
  const editor = CodeMirror(element, { value: text, mode, lineNumbers: true, indentUnit: 2, viewportMargin: 50 });
  editor.setSize(null, "60vh");
  editor.focus();
  return {
    // As bytes, streamed to the circuit: a file may be larger than one SignalR message.
    content: () => new TextEncoder().encode(editor.getValue()),
  };
}
