namespace ZlhPortal.Web.Features.Accounts.Activity;

/// <summary>One security-relevant event on an account (sign-in, 2FA change, role change…).</summary>
public sealed class AccountActivity
{
    public const int DetailMaxLength = 500;

    public long Id { get; set; }

    /// <summary>The account concerned; null for failed sign-ins with an unknown email.</summary>
    public string? UserId { get; set; }

    public AccountActivityKind Kind { get; set; }

    /// <summary>The staff member who did it on the customer's behalf; null when the customer or the platform did.</summary>
    public string? ActorId { get; set; }

    /// <summary>The server concerned, when there is one.</summary>
    public int? ServerId { get; set; }

    public string Detail { get; set; } = "";

    public string? IpAddress { get; set; }

    public DateTimeOffset At { get; set; }
}
