namespace ZlhPortal.Web.Features.Files;

/// <summary><c>POST …/files/extract</c>: <c>{"path","to"}</c>, the zip and the folder to unpack it into (empty: the server's directory).</summary>
public sealed record FileExtractRequest(string? Path, string? To);
