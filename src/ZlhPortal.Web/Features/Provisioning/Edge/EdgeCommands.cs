using System.CommandLine;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.Web.Features.Provisioning.Edge;

/// <summary><c>edge traefik-entrypoints</c>: the runtime Traefik's static entry points for the port pool, to paste into its static configuration.</summary>
public static class EdgeCommands
{
    public static Command Create(CommandContext context)
    {
        var edge = new Command("edge", "Where players enter the platform.");
        var entryPoints = new Command("traefik-entrypoints", "Print the runtime Traefik's static entry points (YAML) for every port of Edge:PortFirst..Edge:PortLast.");
        entryPoints.SetAction((parse, ct) => context.RunAsync((services, token) =>
        {
            context.Output.Write(services.GetRequiredService<TraefikRoutes>().EntryPoints());
            return Task.FromResult(0);
        }, ct));
        edge.Subcommands.Add(entryPoints);
        return edge;
    }
}
