namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed record TicketMessageResponse(
    long Id, string Author, bool FromStaff, bool Internal, string Body, DateTimeOffset At, IReadOnlyList<TicketAttachmentResponse> Attachments);
