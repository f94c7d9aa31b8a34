using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Cli;

/// <summary>What a feature's command needs from the command-line host: where to write, and a scope on a migrated database.</summary>
public sealed class CommandContext(IServiceProvider services, TextWriter output, TextWriter error)
{
    public TextWriter Output => output;

    public TextWriter Error => error;

    /// <summary>Runs <paramref name="action"/> in a service scope once the database is migrated; returns its exit code.</summary>
    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        await services.MigrateDatabaseAsync(ct);
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider, ct);
    }
}
