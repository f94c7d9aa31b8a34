namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A reply staff use often, picked on the ticket page and edited before sending.</summary>
public sealed class CannedReply
{
    public const int TitleMaxLength = 100;

    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";
}
