using System.Text.Json.Serialization;

namespace ZlhPortal.Web.Features.Files;

/// <summary>One entry of a folder listing.</summary>
/// <param name="Type"><c>file</c>, <c>folder</c> or <c>link</c>.</param>
/// <param name="Size">Bytes of a file; null for folders and links.</param>
/// <param name="Target">Where a link points.</param>
public sealed record FileEntry(string Name, string Path, string Type, long? Size, DateTimeOffset? Modified, string? Target)
{
    [JsonIgnore]
    public bool IsFolder => Type == "folder";
}
