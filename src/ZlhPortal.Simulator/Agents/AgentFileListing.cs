namespace ZlhPortal.Simulator.Agents;

/// <summary>One page of a folder: folders first, then by name; <paramref name="Total"/> counts every entry.</summary>
internal sealed record AgentFileListing(string Path, IReadOnlyList<AgentFileListEntry> Entries, int Total, int Page, int PageSize);
