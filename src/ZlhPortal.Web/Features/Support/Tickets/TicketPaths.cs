using System.Globalization;

namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Where the desk's pages and files are, for links in pages and emails.</summary>
public static class TicketPaths
{
    public const string List = "/support/tickets";

    public const string New = "/support/tickets/new";

    public const string Queue = "/support/queue";

    public const string CannedReplies = "/support/canned-replies";

    public static string Ticket(int id) => $"/support/tickets/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Attachment(int ticketId, long attachmentId) =>
        $"/support/tickets/{ticketId.ToString(CultureInfo.InvariantCulture)}/attachments/{attachmentId.ToString(CultureInfo.InvariantCulture)}";
}
