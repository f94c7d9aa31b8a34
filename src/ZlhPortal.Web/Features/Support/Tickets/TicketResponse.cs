namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A ticket over the API; <see cref="Messages"/> only when one ticket is read.</summary>
public sealed record TicketResponse(
    int Id, string Subject, string Status, int? ServerId, string CustomerEmail, string? AssignedTo,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset LastReplyAt, IReadOnlyList<TicketMessageResponse>? Messages)
{
    public static TicketResponse From(TicketRow t, IReadOnlyList<TicketMessageResponse>? messages = null) => new(
        t.Id, t.Subject, TicketStatusNames.Of(t.Status), t.ServerId, t.CustomerEmail, t.AssignedToEmail, t.CreatedAt, t.UpdatedAt, t.LastReplyAt, messages);

    public static TicketResponse From(TicketView view) => From(view.Ticket, view.Messages.Select(m => new TicketMessageResponse(
        m.Id, m.AuthorEmail, m.FromStaff, m.Internal, m.Body, m.At,
        m.Attachments.Select(a => new TicketAttachmentResponse(a.Id, a.FileName, a.ContentType, a.Size, TicketsApi.AttachmentUrl(view.Ticket.Id, a.Id))).ToList())).ToList());
}
