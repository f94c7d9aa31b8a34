using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>
/// Reads the agents' <c>/status</c>: every <see cref="RuntimeStatusOptions.ViewedAgentInterval"/> for the servers someone
/// has open (pages hold a <see cref="Watch"/> handle), and every <see cref="RuntimeStatusOptions.AgentInterval"/>
/// for all running servers. Unlike the cluster read this is one call per server, hence the split.
/// </summary>
public sealed class AgentStatusMonitor(
    IServiceScopeFactory scopes, IOptions<RuntimeStatusOptions> options, TimeProvider time, ILogger<AgentStatusMonitor> logger) : BackgroundService
{
    private const int Parallelism = 8;
    private readonly ConcurrentDictionary<int, int> watchers = new();
    private readonly ConcurrentDictionary<int, AgentReading> readings = new();

    /// <summary>The crash count last written to each server's history from here.</summary>
    private readonly ConcurrentDictionary<int, int> crashesRecorded = new();
    private DateTimeOffset lastFullRound = time.GetUtcNow();

    /// <summary>Raised with the server id after each reading; handlers must be quick and must not throw.</summary>
    public event Action<int>? Updated;

    public AgentReading? Get(int serverId) => readings.GetValueOrDefault(serverId);

    public IReadOnlyCollection<int> Watched => watchers.Where(w => w.Value > 0).Select(w => w.Key).ToList();

    /// <summary>Marks the server as looked at until the handle is disposed.</summary>
    public IDisposable Watch(int serverId)
    {
        watchers.AddOrUpdate(serverId, 1, (_, n) => n + 1);
        return new WatchHandle(this, serverId);
    }

    /// <summary><see cref="Watch"/>, and a reading now if the last one is stale.</summary>
    public async Task<IDisposable> WatchAsync(int serverId, CancellationToken ct = default)
    {
        var handle = Watch(serverId);
        await RefreshAsync(serverId, ct);
        return handle;
    }

    /// <summary>Reads the server's agent now unless a reading is fresher than the viewed interval.</summary>
    public async Task RefreshAsync(int serverId, CancellationToken ct = default)
    {
        if (Get(serverId) is not { } reading || time.GetUtcNow() - reading.ReadAt >= options.Value.ViewedAgentInterval)
        {
            await ReadAsync([serverId], ct);
        }
    }

    /// <summary>One round: every running server when a full round is due, else only the watched ones.</summary>
    public async Task PollAsync(bool full, CancellationToken ct)
    {
        if (full)
        {
            lastFullRound = time.GetUtcNow();
        }

        var targets = full ? null : Watched;
        if (targets is { Count: 0 })
        {
            return;
        }

        await ReadAsync(targets, ct);
    }

    /// <param name="serverIds">Null for every running server.</param>
    private async Task ReadAsync(IReadOnlyCollection<int>? serverIds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var agents = scope.ServiceProvider.GetRequiredService<AgentClient>();
        var credentials = scope.ServiceProvider.GetRequiredService<AgentCredentials>();
        List<(int Id, string Address, string Credential)> targets;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var query = db.Servers.AsNoTracking().Where(s => s.Status == ServerStatus.Running && s.IpAddress != null);
            if (serverIds is not null)
            {
                var ids = serverIds.ToList();
                query = query.Where(s => ids.Contains(s.Id));
            }

            targets = (await query.Select(s => new { s.Id, s.IpAddress, s.AgentCredentialProtected }).ToListAsync(ct))
                .Select(s => (s.Id, s.IpAddress!, s.AgentCredentialProtected)).ToList();
        }

        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (target, c) =>
        {
            var status = await agents.GetStatusAsync(target.Address, credentials.Reveal(target.Credential), c);
            readings[target.Id] = new AgentReading(status, time.GetUtcNow());
            Updated?.Invoke(target.Id);
            if (status is { CrashCount: > 0 } && crashesRecorded.GetValueOrDefault(target.Id) != status.CrashCount)
            {
                await RecordCrashAsync(scope.ServiceProvider.GetRequiredService<ServerHistory>(), target.Id, status, c);
            }
        });
    }

    /// <summary>
    /// A crash count higher than last seen goes into the server's history, once per count (whichever instance reads it
    /// first writes it). Exit code 137 is the kernel's out-of-memory killer.
    /// </summary>
    private async Task RecordCrashAsync(ServerHistory history, int serverId, AgentStatus status, CancellationToken ct)
    {
        var outOfMemory = status.LastExitCode == 137 || status.Error?.Contains("code 137", StringComparison.Ordinal) == true;
        var times = status.CrashCount == 1 ? "the first crash" : $"{status.CrashCount} crashes so far";
        var exit = status.LastExitCode is { } code ? $"exit code {code}" : status.Error;
        var text = outOfMemory
            ? $"Stopped by the out-of-memory killer ({exit}): the game used all the memory its plan gives it. It was restarted; {times}."
            : $"The game crashed{(exit is null ? "" : $" ({exit})")} and was restarted; {times}.";
        await history.RecordAsync(serverId, outOfMemory ? HistoryKind.OutOfMemory : HistoryKind.Crash, HistoryActors.Server, text, ct,
            onceKey: $"crash:{status.CrashCount}");
        crashesRecorded[serverId] = status.CrashCount;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ViewedAgentInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(full: time.GetUtcNow() - lastFullRound >= options.Value.AgentInterval, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Reading the agents' status failed");
            }
        }
    }

    private sealed class WatchHandle(AgentStatusMonitor monitor, int serverId) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                monitor.watchers.AddOrUpdate(serverId, 0, (_, n) => Math.Max(0, n - 1));
            }
        }
    }
}
