namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>An attachment's bytes, for download.</summary>
public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);
