namespace ZlhPortal.Simulator.Agents;

/// <param name="Type"><c>file</c>, <c>folder</c> or <c>link</c>.</param>
/// <param name="Size">Bytes of a file; null for folders and links.</param>
/// <param name="Target">Where a link points, as written when it was made.</param>
internal sealed record AgentFileListEntry(string Name, string Path, string Type, long? Size, DateTimeOffset Modified, string? Target);
