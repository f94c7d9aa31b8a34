namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size);
