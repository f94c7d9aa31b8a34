using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>
/// A server's CPU, memory, network and disk use over the last hour, day or week, from the cluster's own round-robin
/// database (<c>rrddata</c>). Read when asked, once: someone is looking at a graph, so a cluster that does not answer is
/// reported at once rather than waited out as <see cref="RuntimeCalls"/> would for a job.
/// </summary>
public sealed class UsageHistory(ServerDirectory directory, ProxmoxClient proxmox, ILogger<UsageHistory> logger)
{
    public static readonly IReadOnlyList<string> TimeframeNames = Enum.GetNames<UsageTimeframe>().Select(n => n.ToLowerInvariant()).ToList();

    /// <summary>Reads <c>hour</c>, <c>day</c> or <c>week</c> (any case); null for anything else.</summary>
    public static UsageTimeframe? ParseTimeframe(string? value) =>
        Enum.TryParse<UsageTimeframe>(value, ignoreCase: true, out var timeframe) && Enum.IsDefined(timeframe) && !int.TryParse(value, out _)
            ? timeframe
            : null;

    /// <summary>The usage of server <paramref name="serverId"/> if <paramref name="ownerId"/> owns it (null owner: staff, any server).</summary>
    public async Task<UsageSeries> ReadAsync(int serverId, string? ownerId, UsageTimeframe timeframe, CancellationToken ct = default)
    {
        if (await directory.FindAsync(serverId, ownerId, ct) is not { } server)
        {
            return UsageSeries.Empty(timeframe, UsageSeriesState.NotFound, $"You have no server with id {serverId}.");
        }

        if (server.Node is not { } node || server.Vmid is not { } vmid)
        {
            return UsageSeries.Empty(timeframe, UsageSeriesState.NoContainer, "This server has no container yet, so there is no usage to show.");
        }

        var result = await proxmox.Nodes[node].Lxc[vmid].RrdDataAsync(timeframe.ToString().ToLowerInvariant(), ct: ct);
        if (result.IsSuccess)
        {
            return UsageSeries.Read(timeframe, (result.Data ?? []).OrderBy(p => p.Time).Select(ToPoint).ToList());
        }

        if (result.Error?.Kind == ProxmoxErrorKind.NotFound)
        {
            return UsageSeries.Empty(timeframe, UsageSeriesState.NoContainer, "This server's container is not on the cluster right now, so there is no usage to show.");
        }

        logger.LogInformation("Usage of server {ServerId} ({Node}/{Vmid}) unavailable: {Error}", serverId, node, vmid, result.Error);
        return UsageSeries.Empty(timeframe, UsageSeriesState.Unavailable, "Graphs are unavailable right now: the hosting platform did not answer. Please try again later.");
    }

    private static UsagePoint ToPoint(RrdDataPoint p) => new(
        DateTimeOffset.FromUnixTimeSeconds(p.Time),
        p.Cpu,
        Bytes(p.Mem),
        Bytes(p.MaxMem),
        p.NetIn,
        p.NetOut,
        p.DiskRead,
        p.DiskWrite,
        Bytes(p.Disk),
        Bytes(p.MaxDisk));

    private static long? Bytes(double? value) => value is { } v ? (long)Math.Round(v) : null;
}
