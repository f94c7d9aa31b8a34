namespace ZlhPortal.Web.Features.Accounts;

/// <summary>
/// Ends what an account holds open beyond its cookie (consoles, IDE sessions) at once, through every
/// <see cref="IAccountAccessRevoker"/>: when its password or two-factor setup changes, its role changes, or it signs out everywhere.
/// </summary>
public sealed class AccessRevocation(IEnumerable<IAccountAccessRevoker> revokers)
{
    public async Task RevokeAsync(string userId, string reason)
    {
        foreach (var revoker in revokers)
        {
            await revoker.RevokeAccountAccessAsync(userId, reason);
        }
    }
}
