using ZlhPortal.Web.Infrastructure.Events;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>
/// Ends what an account holds open beyond its cookie (consoles, IDE sessions) at once, on every instance, through every
/// <see cref="IAccountAccessRevoker"/> there: when its password or two-factor setup changes, its role changes, it signs
/// out everywhere, or it logs out.
/// </summary>
public sealed class AccessRevocation(PortalEvents events, IEnumerable<IAccountAccessRevoker> revokers)
{
    /// <summary>The kind of portal event that carries an <see cref="AccountAccessRevoked"/>.</summary>
    public const string Kind = "accounts.access-revoked";

    public Task RevokeAsync(string userId, string reason) => events.PublishAsync(new AccountAccessRevoked(userId, reason));

    /// <summary>Ends what this instance holds open for the account; the portal-wide events call it on every instance.</summary>
    internal async Task RevokeHereAsync(AccountAccessRevoked revoked)
    {
        foreach (var revoker in revokers)
        {
            await revoker.RevokeAccountAccessAsync(revoked.UserId, revoked.Reason);
        }
    }
}
