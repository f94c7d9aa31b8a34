namespace ZlhPortal.Web.Features.Support.Announcements;

/// <summary>A notice admins post (maintenance, an incident), shown as a banner between its start and end.</summary>
public sealed class Announcement
{
    public const int TitleMaxLength = 120;

    public const int BodyMaxLength = 1000;

    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public AnnouncementSeverity Severity { get; set; }

    /// <summary>Shown only to customers with a server on this node; null shows it to everyone.</summary>
    public string? Node { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public string CreatedById { get; set; } = "";
}
