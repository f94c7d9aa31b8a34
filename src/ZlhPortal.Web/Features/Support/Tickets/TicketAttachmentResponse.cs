namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed record TicketAttachmentResponse(long Id, string FileName, string ContentType, long Size, string Url);
