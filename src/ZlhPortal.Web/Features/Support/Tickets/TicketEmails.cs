using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>
/// The desk's emails: a staff reply to the customer (with its text and the ticket's link: replies are written in the
/// portal, mail to the sender is not read), and a customer's message to whoever looks after the ticket.
/// </summary>
public sealed class TicketEmails(IOptions<PortalOptions> portal)
{
    public string TicketLink(int ticketId) => portal.Value.PublicUrl.TrimEnd('/') + TicketPaths.Ticket(ticketId);

    public EmailMessage StaffReplied(string to, int ticketId, string subject, string reply)
    {
        var link = TicketLink(ticketId);
        var intro = $"Support replied to your ticket “{subject}”:";
        var outro = "To answer, reply on the ticket page in the portal (answers to this email are not read):";
        return new(to, $"Reply to your ticket #{Id(ticketId)}: {subject}",
            $"{intro}\n\n{reply}\n\n{outro}\n{link}",
            $"<p>{Html(intro)}</p><blockquote style=\"white-space:pre-wrap\">{Html(reply)}</blockquote><p>{Html(outro)}<br>" +
            $"<a href=\"{Html(link)}\">{Html(link)}</a></p>");
    }

    public EmailMessage CustomerWrote(string to, int ticketId, string subject, string customerEmail, string text, bool opened)
    {
        var link = TicketLink(ticketId);
        var intro = opened ? $"{customerEmail} opened a ticket:" : $"{customerEmail} replied on their ticket:";
        return new(to, $"[{portal.Value.Name} ticket #{Id(ticketId)}] {subject}",
            $"{intro}\n\n{text}\n\n{link}",
            $"<p>{Html(intro)}</p><blockquote style=\"white-space:pre-wrap\">{Html(text)}</blockquote><p><a href=\"{Html(link)}\">{Html(link)}</a></p>");
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
