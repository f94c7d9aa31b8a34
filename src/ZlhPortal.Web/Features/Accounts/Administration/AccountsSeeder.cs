using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>Creates the roles and, when no admin exists yet, the first admin.</summary>
public sealed class AccountsSeeder(
    RoleManager<IdentityRole> roles, AccountDirectory directory, IOptions<AdminSeedOptions> options, ILogger<AccountsSeeder> logger)
{
    public const string DefaultAdminEmail = "admin@zerolaghub.local";

    public async Task SeedRolesAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>
    /// Creates the first admin on a portal without one. With no password configured it gets a random one nobody sees,
    /// and the returned one-time link lets whoever started the portal choose it.
    /// </summary>
    public async Task<SetupLink?> SeedFirstAdminAsync(CancellationToken ct = default)
    {
        if (await directory.CountAdminsAsync(ct) > 0)
        {
            return null;
        }

        var email = string.IsNullOrWhiteSpace(options.Value.Email) ? DefaultAdminEmail : options.Value.Email;
        // An empty setting (an unset environment variable) means "none": the admin then chooses it through the setup link.
        var password = string.IsNullOrEmpty(options.Value.Password) ? null : options.Value.Password;
        var result = await directory.CreateAsync(email, "Administrator", Roles.Admin, password, actor: "first start", ct);
        if (!result.Succeeded)
        {
            logger.LogError("Could not create the first admin {Email}: {Reason}", email, result.Message);
            return null;
        }

        logger.LogWarning("Created the first admin account {Email}.", email);
        return result.GeneratedPassword is null ? null : await directory.SetupLinkAsync(email, ct);
    }
}
