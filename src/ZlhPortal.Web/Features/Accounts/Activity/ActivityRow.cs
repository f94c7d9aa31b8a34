namespace ZlhPortal.Web.Features.Accounts.Activity;

/// <summary>One line of the activity log; <see cref="ActorEmail"/> names the staff member who acted on the customer's behalf.</summary>
public sealed record ActivityRow(
    long Id, DateTimeOffset At, AccountActivityKind Kind, string Detail, string? IpAddress, string? UserId, string? UserEmail,
    string? ActorId = null, string? ActorEmail = null, int? ServerId = null);
