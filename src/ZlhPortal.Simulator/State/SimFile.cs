using System.Text;
using System.Text.Json.Serialization;

namespace ZlhPortal.Simulator.State;

/// <summary>
/// One entry of an agent's server directory: a file's bytes, a folder, or a symbolic link to another path. Immutable:
/// a write replaces the entry, so copies of the tree (clones, snapshots, backups) share entries safely.
/// </summary>
[JsonConverter(typeof(SimFileJsonConverter))]
internal sealed record SimFile(byte[]? Content, DateTimeOffset Modified, bool IsFolder = false, string? LinkTarget = null)
{
    public bool IsLink => LinkTarget is not null;

    public bool IsFile => Content is not null;

    public static SimFile Bytes(byte[] content, DateTimeOffset modified) => new(content, modified);

    public static SimFile Text(string content, DateTimeOffset modified) => new(Encoding.UTF8.GetBytes(content), modified);

    public static SimFile Folder(DateTimeOffset modified) => new(null, modified, IsFolder: true);

    public static SimFile Link(string target, DateTimeOffset modified) => new(null, modified, LinkTarget: target);
}
