namespace ZlhPortal.Web.Features.Support.Announcements;

/// <summary>A new announcement as an admin writes it; <see cref="Node"/> null for everyone.</summary>
public sealed record AnnouncementInput(string? Title, string? Body, AnnouncementSeverity Severity, string? Node, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
