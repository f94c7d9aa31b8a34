namespace ZlhPortal.Web.Features.Support.Announcements;

public sealed record AnnouncementRow(
    int Id, string Title, string Body, AnnouncementSeverity Severity, string? Node, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
