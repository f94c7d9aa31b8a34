using System.Text.Json;

namespace ZlhPortal.Simulator.State;

/// <summary>
/// Writes the state file atomically (temp file + rename in the same directory), so a crash mid-write leaves
/// the previous state intact. Writes are coalesced: callers mark the state dirty, a loop saves it.
/// </summary>
internal sealed class StateStore(string? path) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly CancellationTokenSource stop = new();
    private Func<string>? serialize;
    private Task? loop;
    private int dirty;

    public bool IsPersistent => path is not null;

    public static SimState? Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SimState>(stream, JsonOptions);
    }

    public static string Serialize(SimState state) => JsonSerializer.Serialize(state, JsonOptions);

    /// <param name="snapshot">Produces the JSON text under the caller's lock.</param>
    public void Start(Func<string> snapshot)
    {
        serialize = snapshot;
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            loop = Task.Run(() => SaveLoopAsync(stop.Token));
        }
    }

    public void MarkDirty() => Interlocked.Exchange(ref dirty, 1);

    public void SaveNow()
    {
        if (path is null || serialize is null)
        {
            return;
        }

        Interlocked.Exchange(ref dirty, 0);
        var text = serialize();
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (loop is not null)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        SaveNow();
        stop.Dispose();
    }

    private async Task SaveLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (Interlocked.Exchange(ref dirty, 0) == 1)
            {
                SaveNow();
            }
        }
    }
}
