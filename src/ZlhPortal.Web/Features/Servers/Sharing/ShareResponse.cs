namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>One share as the API writes it; <c>status</c> is <c>invited</c> until accepted, then <c>accepted</c>.</summary>
public sealed record ShareResponse(
    int Id, string Email, IReadOnlyList<string> Permissions, bool ReadOnlyConsole, string Status, DateTimeOffset InvitedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt)
{
    public static ShareResponse From(ShareView s) =>
        new(s.Id, s.Email, ShareNames.List(s.Permissions), s.ReadOnlyConsole, s.Accepted ? "accepted" : "invited", s.InvitedAt, s.ExpiresAt, s.AcceptedAt);
}
