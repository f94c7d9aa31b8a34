namespace ZlhPortal.Web.Features.Files;

/// <summary>What an upload stored: the path of each file.</summary>
public sealed record FileUploadResponse(IReadOnlyList<string> Uploaded);
