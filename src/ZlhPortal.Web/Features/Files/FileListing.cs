namespace ZlhPortal.Web.Features.Files;

/// <summary>One page of a folder: folders first, then files by name; <paramref name="Total"/> counts every entry.</summary>
public sealed record FileListing(string Path, IReadOnlyList<FileEntry> Entries, int Total, int Page, int PageSize);
