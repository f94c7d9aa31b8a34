namespace ZlhPortal.Web.Features.Files;

/// <summary><c>POST …/files/archive</c>: <c>{"paths":[…],"to"}</c>, the files and folders to pack into the zip at <c>to</c>.</summary>
public sealed record FileArchiveRequest(IReadOnlyList<string>? Paths, string? To);
