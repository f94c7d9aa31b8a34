using System.CommandLine;

namespace ZlhPortal.Web.Infrastructure.Cli;

public static class CommandLineSetup
{
    /// <summary>Adds a feature's top-level command to the portal's command line (<see cref="PortalCli"/> hosts them all).</summary>
    public static IHostApplicationBuilder AddCommand(this IHostApplicationBuilder builder, string name, Func<CommandContext, Command> create)
    {
        builder.Services.AddSingleton(new CommandDeclaration(name, create));
        return builder;
    }
}
