using System.CommandLine;

namespace ZlhPortal.Web.Infrastructure.Cli;

/// <summary>
/// Administrative commands on the portal's executable and database
/// (<c>dotnet run --project src/ZlhPortal.Web -- users create …</c>). Each feature adds its own commands with
/// <see cref="CommandLineSetup.AddCommand"/>; this class only hosts them.
/// </summary>
public static class PortalCli
{
    /// <summary>Exit code for a command line that could not be understood.</summary>
    public const int UsageError = 2;

    private static readonly HashSet<string> HelpWords = ["help", "--help", "-h", "-?", "--version"];

    /// <summary>
    /// True when the arguments ask for a command rather than for the web server: a first word that is neither a
    /// <c>--key value</c> nor a <c>key=value</c> setting (an unknown word then gets the command line's usage error).
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpWords.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].Contains('=')));

    public static RootCommand BuildRootCommand(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var context = new CommandContext(services, output, error);
        var root = new RootCommand("ZlhPortal: run without arguments to start the portal, or use a command below.");
        foreach (var declaration in services.GetServices<CommandDeclaration>())
        {
            root.Subcommands.Add(declaration.Create(context));
        }

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
