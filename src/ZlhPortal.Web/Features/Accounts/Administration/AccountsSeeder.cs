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

    public async Task SeedFirstAdminAsync(CancellationToken ct = default)
    {
        if (await directory.CountAdminsAsync(ct) > 0)
        {
            return;
        }

        var email = string.IsNullOrWhiteSpace(options.Value.Email) ? DefaultAdminEmail : options.Value.Email;
        var result = await directory.CreateAsync(email, "Administrator", Roles.Admin, options.Value.Password, actor: "first start", ct);
        if (!result.Succeeded)
        {
            logger.LogError("Could not create the first admin {Email}: {Reason}", email, result.Message);
            return;
        }

        logger.LogWarning("Created the first admin account {Email}.", email);
        if (result.GeneratedPassword is { } password)
        {
            // Printed once, on purpose to the console only: logs are often shipped elsewhere.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine($" First admin account: {email}");
            Console.WriteLine($" Password (shown only now): {password}");
            Console.WriteLine(" Sign in and set up two-factor authentication to reach the admin area.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }
}
