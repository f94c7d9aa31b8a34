namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>What staff see of an account at the top of the customer view.</summary>
public sealed record CustomerProfile(
    string Id, string Email, string DisplayName, string Role, bool EmailConfirmed, bool TwoFactorEnabled, DateTimeOffset? LockedOutUntil,
    int FailedSignIns, string? BillingCountry, DateTimeOffset CreatedAt)
{
    public bool LockedOut(DateTimeOffset now) => LockedOutUntil is { } until && until > now;
}
