using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ZlhPortal.Web.Infrastructure.Diagnostics;

/// <summary>Counts open Blazor circuits (registered only when diagnostics are on).</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private static int open;

    public static int Open => Volatile.Read(ref open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }
}
