namespace ZlhPortal.Web.Features.Files;

/// <summary><c>POST …/files/folder</c>: <c>{"path"}</c> of the folder to make.</summary>
public sealed record FileFolderRequest(string? Path);
