namespace ZlhPortal.Web.Features.Files;

/// <summary>
/// The portal's own check of a path in a server's directory, made before anything reaches the agent (which checks again,
/// and also refuses links that lead outside). Absolute paths and <c>.</c>/<c>..</c> segments are refused, not resolved.
/// </summary>
public static class FilePaths
{
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="path"/> is refused, or null; <paramref name="normalized"/> then has single forward slashes.</summary>
    public static string? Check(string? path, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(path))
        {
            return "The path is empty.";
        }

        if (path.Length > MaxLength)
        {
            return $"The path is longer than {MaxLength} characters.";
        }

        var slashed = path.Replace('\\', '/');
        if (slashed.StartsWith('/') || (slashed.Length > 1 && slashed[1] == ':'))
        {
            return $"\"{path}\" is absolute: paths are relative to the server's directory.";
        }

        var parts = slashed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or ".."))
        {
            return $"\"{path}\" contains a . or .. segment: paths may not leave the server's directory.";
        }

        if (parts.Length == 0 || parts.Any(p => p.Any(char.IsControl)))
        {
            return "The path holds no name or a control character.";
        }

        normalized = string.Join('/', parts);
        return null;
    }

    /// <summary>The folder part of a path ("" for the server's directory).</summary>
    public static string Parent(string path) => path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "";

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;
}
