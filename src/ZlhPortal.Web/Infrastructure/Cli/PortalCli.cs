using System.CommandLine;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Cli;

/// <summary>
/// Administrative commands on the portal's executable and database
/// (<c>dotnet run --project src/ZlhPortal.Web -- users create …</c>).
/// </summary>
public static class PortalCli
{
    /// <summary>Exit code for a command line that could not be understood.</summary>
    public const int UsageError = 2;

    private static readonly HashSet<string> Commands = ["users", "tokens", "billing", "help", "--help", "-h", "-?", "--version"];

    /// <summary>True when the arguments ask for a command rather than for the web server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static RootCommand BuildRootCommand(IServiceProvider services, TextWriter output, TextWriter error)
    {
        async Task<int> WithServices(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
        {
            await services.MigrateDatabaseAsync(ct);
            await services.SeedRolesAsync(ct);
            await using var scope = services.CreateAsyncScope();
            return await action(scope.ServiceProvider, ct);
        }

        Task<int> WithDirectory(Func<AccountDirectory, CancellationToken, Task<int>> action, CancellationToken ct) =>
            WithServices((provider, token) => action(provider.GetRequiredService<AccountDirectory>(), token), ct);

        var root = new RootCommand("ZlhPortal: run without arguments to start the portal, or use a command below.");
        root.Subcommands.Add(UsersCommands.Create(WithDirectory, output, error));
        root.Subcommands.Add(TokensCommands.Create(WithServices, output, error));
        root.Subcommands.Add(Features.Billing.BillingCommands.Create(WithServices, output));
        return root;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parse = BuildRootCommand(services, output, error).Parse(args.Length > 0 && args[0] == "help" ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"error: {problem.Message}");
            }

            error.WriteLine("Run with --help to see the commands and their options.");
            return UsageError;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
