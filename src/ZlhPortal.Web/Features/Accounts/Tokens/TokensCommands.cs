using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.Web.Features.Accounts.Tokens;

/// <summary><c>tokens create</c>: a personal API token for an account, printed alone as the last line.</summary>
public static class TokensCommands
{
    public static Command Create(CommandContext context)
    {
        var (output, error) = (context.Output, context.Error);
        var tokens = new Command("tokens", "Manage personal API tokens.");
        var email = new Option<string>("--email") { Description = "The account the token acts for.", Required = true };
        var name = new Option<string>("--name") { Description = "A name to recognise the token by.", Required = true };
        var days = new Option<int>("--days") { Description = $"Lifetime in days (1 to {ApiTokens.MaxDays}).", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Create a token; it is printed once, as the last line.") { email, name, days };
        create.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var user = await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(parse.GetValue(email)!.Trim());
            if (user is null)
            {
                error.WriteLine($"error: No account with the email '{parse.GetValue(email)}'.");
                return 1;
            }

            var created = await services.GetRequiredService<ApiTokens>().CreateAsync(user.Id, parse.GetValue(name)!, parse.GetValue(days), token);
            if (!created.Succeeded)
            {
                error.WriteLine($"error: {created.Message}");
                return 1;
            }

            output.WriteLine(created.Message);
            output.WriteLine(created.Token);
            return 0;
        }, ct));
        tokens.Subcommands.Add(create);
        return tokens;
    }
}
