namespace ZlhPortal.Web.Features.Files;

/// <summary>The editor's syntax highlighting for a file name: a CodeMirror 5 mode (served from <c>lib/codemirror/mode</c>).</summary>
public static class EditorModes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".properties"] = "properties", [".cfg"] = "properties", [".conf"] = "properties", [".ini"] = "properties", [".env"] = "properties",
        [".yml"] = "yaml", [".yaml"] = "yaml",
        [".json"] = "application/json", [".mcmeta"] = "application/json",
        [".js"] = "javascript", [".mjs"] = "javascript", [".cjs"] = "javascript", [".ts"] = "text/typescript",
        [".sh"] = "shell", [".bash"] = "shell",
        [".py"] = "python",
        [".toml"] = "toml",
        [".xml"] = "xml", [".html"] = "xml", [".csproj"] = "xml", [".svg"] = "xml",
        [".cs"] = "text/x-csharp", [".java"] = "text/x-java", [".c"] = "text/x-csrc", [".h"] = "text/x-csrc", [".cpp"] = "text/x-c++src",
        [".go"] = "go",
        [".md"] = "markdown",
        [".css"] = "css",
    };

    private static readonly HashSet<string> PlainText = new(StringComparer.OrdinalIgnoreCase) { ".txt", ".log", ".mod", ".sum", ".gitignore", ".lock" };

    /// <summary>The mode for <paramref name="name"/>, or null for plain text.</summary>
    public static string? For(string name) => ByExtension.GetValueOrDefault(Path.GetExtension(name));

    /// <summary>Whether clicking the file opens it in the editor (rather than downloading it).</summary>
    public static bool IsText(string name) =>
        For(name) is not null || PlainText.Contains(Path.GetExtension(name)) || Path.GetExtension(name).Length == 0;
}
