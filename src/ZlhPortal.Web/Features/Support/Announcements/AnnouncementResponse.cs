namespace ZlhPortal.Web.Features.Support.Announcements;

/// <summary>An announcement over the API; <see cref="Severity"/> is info, maintenance or incident, <see cref="Node"/> null for everyone.</summary>
public sealed record AnnouncementResponse(int Id, string Title, string Body, string Severity, string? Node, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public static AnnouncementResponse From(AnnouncementRow a) =>
        new(a.Id, a.Title, a.Body, a.Severity.ToString().ToLowerInvariant(), a.Node, a.StartsAt, a.EndsAt);
}
