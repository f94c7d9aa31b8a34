namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed record TicketMessageView(
    long Id, string AuthorEmail, bool FromStaff, bool Internal, string Body, DateTimeOffset At, IReadOnlyList<AttachmentView> Attachments);
