namespace ZlhPortal.Web.Features.Accounts;

/// <summary>
/// Told when an account's sessions end (signed out everywhere, role changed, two-factor reset), so whatever it holds
/// open beyond its cookie (consoles, IDEs) closes at once. Called on every instance (through <see cref="AccessRevocation"/>),
/// so an implementation ends only what this instance holds.
/// </summary>
public interface IAccountAccessRevoker
{
    Task RevokeAccountAccessAsync(string userId, string reason);
}
