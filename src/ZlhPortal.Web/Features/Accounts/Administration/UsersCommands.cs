using System.CommandLine;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary><c>users …</c> commands of the portal's command line, working on the portal's own database.</summary>
public static class UsersCommands
{
    public static Command Create(CommandContext context)
    {
        var (output, error) = (context.Output, context.Error);

        // Roles exist before any account is created or changed, also on a database the portal never started on.
        Task<int> withDirectory(Func<AccountDirectory, CancellationToken, Task<int>> action, CancellationToken ct) => context.RunAsync(async (services, token) =>
        {
            await services.GetRequiredService<AccountsSeeder>().SeedRolesAsync(token);
            return await action(services.GetRequiredService<AccountDirectory>(), token);
        }, ct);

        var users = new Command("users", "Manage portal accounts.");

        var email = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var password = new Option<string?>("--password") { Description = "Initial password; a strong one is generated and printed when omitted." };
        var name = new Option<string?>("--name") { Description = "Display name; defaults to the part of the email before @." };
        var create = new Command("create", "Create a confirmed account.") { email, role, password, name };
        create.SetAction((parse, ct) => withDirectory(async (directory, token) =>
        {
            var result = await directory.CreateAsync(parse.GetValue(email)!, parse.GetValue(name) ?? "", parse.GetValue(role)!, parse.GetValue(password), "command line", token);
            return Report(result, output, error);
        }, ct));
        users.Subcommands.Add(create);

        var setRoleEmail = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        var setRoleRole = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var setRole = new Command("set-role", "Give an account another role (signs it out everywhere).") { setRoleEmail, setRoleRole };
        setRole.SetAction((parse, ct) => withDirectory(async (directory, token) =>
            Report(await directory.SetRoleAsync(parse.GetValue(setRoleEmail)!, parse.GetValue(setRoleRole)!, "command line", token), output, error), ct));
        users.Subcommands.Add(setRole);

        var resetEmail = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        var reset = new Command("reset-2fa", "Turn off two-factor authentication so the user can set it up again.") { resetEmail };
        reset.SetAction((parse, ct) => withDirectory(async (directory, token) =>
            Report(await directory.ResetTwoFactorAsync(parse.GetValue(resetEmail)!, "command line", token), output, error), ct));
        users.Subcommands.Add(reset);

        var linkEmail = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        var setupLink = new Command("setup-link", "Print a link that sets the account's password, once, within an hour.") { linkEmail };
        setupLink.SetAction((parse, ct) => withDirectory(async (directory, token) =>
        {
            if (await directory.SetupLinkAsync(parse.GetValue(linkEmail)!, token) is not { } link)
            {
                error.WriteLine($"error: No account with the email '{parse.GetValue(linkEmail)}'.");
                return 1;
            }

            output.WriteLine($"Open this link within an hour to choose the password of {link.Email} (it works once):");
            output.WriteLine(link.Link);
            return 0;
        }, ct));
        users.Subcommands.Add(setupLink);

        var search = new Option<string?>("--search") { Description = "Only accounts whose email or name contains this text." };
        var list = new Command("list", "List accounts.") { search };
        list.SetAction((parse, ct) => withDirectory(async (directory, token) =>
        {
            var (rows, total) = await directory.ListAsync(parse.GetValue(search), 0, 1000, token);
            output.WriteLine($"{"EMAIL",-40} {"ROLE",-9} {"CONFIRMED",-9} {"2FA",-4} NAME");
            foreach (var row in rows)
            {
                output.WriteLine($"{row.Email,-40} {row.Role,-9} {(row.EmailConfirmed ? "yes" : "no"),-9} {(row.TwoFactorEnabled ? "on" : "off"),-4} {row.DisplayName}");
            }

            output.WriteLine($"{total} account(s).");
            return 0;
        }, ct));
        users.Subcommands.Add(list);
        return users;
    }

    private static int Report(AccountResult result, TextWriter output, TextWriter error)
    {
        if (!result.Succeeded)
        {
            error.WriteLine($"error: {result.Message}");
            return 1;
        }

        output.WriteLine(result.Message);
        if (result.GeneratedPassword is { } generated)
        {
            output.WriteLine($"Generated password (shown only now): {generated}");
        }

        return 0;
    }
}
