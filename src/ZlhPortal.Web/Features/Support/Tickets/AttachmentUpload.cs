namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A file someone sends with a message: its claimed size is checked before <see cref="Open"/> reads it.</summary>
public sealed record AttachmentUpload(string FileName, string? ContentType, long Size, Func<Stream> Open);
