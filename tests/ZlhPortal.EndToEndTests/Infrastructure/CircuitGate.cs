using Microsoft.Playwright;

namespace ZlhPortal.EndToEndTests.Infrastructure;

/// <summary>
/// Holds back the Blazor circuit of every page a browser tab opens until <see cref="Open"/>: the circuit's SignalR
/// negotiation waits here, so the tab shows prerendered pages exactly as a person on a slow connection first sees them.
/// </summary>
public sealed class CircuitGate
{
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CircuitGate()
    {
    }

    public static async Task<CircuitGate> CloseOnAsync(IPage page)
    {
        var gate = new CircuitGate();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await gate.opened.Task;
            await route.ContinueAsync();
        });
        return gate;
    }

    /// <summary>Lets the negotiations held so far, and any later ones, through.</summary>
    public void Open() => opened.TrySetResult();
}
