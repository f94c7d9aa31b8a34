namespace ZlhPortal.Web.Features.Files;

/// <summary><c>POST …/files/rename</c>: <c>{"from","to"}</c>, both relative to the server's directory.</summary>
public sealed record FileRenameRequest(string? From, string? To);
