using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ZlhPortal.Benchmarks.Circuits;

/// <summary>
/// Every histogram the Blazor meters (<c>Microsoft.AspNetCore.Components*</c>) record in this process, in milliseconds,
/// by instrument name — e.g. <c>aspnetcore.components.handle_event.duration</c> on .NET 10. Only works for a portal hosted
/// in the benchmark's own process.
/// </summary>
internal sealed class ComponentHistograms : IDisposable
{
    private readonly MeterListener listener = new();
    private ConcurrentDictionary<string, ConcurrentQueue<double>> values = new();

    public ComponentHistograms()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.Components", StringComparison.Ordinal) && instrument is Histogram<double>)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            values.GetOrAdd(instrument.Name, _ => new()).Enqueue(instrument.Unit == "s" ? value * 1000 : value));
        listener.Start();
    }

    /// <summary>What was recorded since the last call, sorted per instrument; starts a new collection.</summary>
    public IReadOnlyDictionary<string, List<double>> Take()
    {
        var taken = Interlocked.Exchange(ref values, new());
        return taken.ToDictionary(p => p.Key, p => p.Value.Order().ToList());
    }

    public void Dispose() => listener.Dispose();
}
