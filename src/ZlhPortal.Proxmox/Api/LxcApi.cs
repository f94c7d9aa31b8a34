using System.Globalization;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc/{vmid}</c>.</summary>
public sealed class LxcApi
{
    private readonly ProxmoxClient client;

    internal LxcApi(ProxmoxClient client, string parentPath, int vmid)
    {
        this.client = client;
        Vmid = vmid;
        Path = parentPath + "/" + vmid.ToString(CultureInfo.InvariantCulture);
    }

    public int Vmid { get; }

    public string Path { get; }

    public LxcStatusApi Status => new(client, Path + "/status");

    public LxcConfigApi Config => new(client, Path + "/config");

    public LxcSnapshotsApi Snapshot => new(client, Path + "/snapshot");

    /// <summary>Addresses as seen inside the CT; for a CT that is not running Proxmox answers 200 with <c>data: null</c>.</summary>
    public GetEndpoint<IReadOnlyList<LxcInterface>> Interfaces => new(client, Path + "/interfaces");

    /// <summary><c>POST …/clone</c>. Takes the <c>disk</c> lock on this CT for the whole copy.</summary>
    public Task<ProxmoxResult<Upid>> CloneAsync(LxcCloneRequest request, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(Path + "/clone", new ProxmoxParameters()
            .Add("newid", request.NewId)
            .Add("hostname", request.Hostname)
            .Add("description", request.Description)
            .Add("full", request.Full)
            .Add("storage", request.Storage)
            .Add("target", request.Target)
            .Add("pool", request.Pool)
            .Add("snapname", request.SnapName), ct);

    /// <summary>
    /// <c>POST …/migrate</c>: moves the CT to <paramref name="target"/>. A running CT is refused unless
    /// <paramref name="restart"/> (stop, move, start again); without it only a stopped CT moves (offline). Takes the
    /// <c>migrate</c> lock for the whole move.
    /// </summary>
    public Task<ProxmoxResult<Upid>> MigrateAsync(string target, bool? restart = null, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(Path + "/migrate", new ProxmoxParameters().Add("target", target).Add("restart", restart), ct);

    /// <summary><c>PUT …/resize</c>: <paramref name="size"/> is <c>+4G</c> (grow by) or <c>20G</c> (absolute). Growing only.</summary>
    public Task<ProxmoxResult<Upid>> ResizeAsync(string disk, string size, CancellationToken ct = default) =>
        client.SetAsync<Upid>(Path + "/resize", new ProxmoxParameters().Add("disk", disk).Add("size", size), ct);

    /// <summary><c>DELETE …/{vmid}</c>. The vmid is free again as soon as the task ends.</summary>
    public Task<ProxmoxResult<Upid>> DeleteAsync(LxcDeleteOptions? options = null, CancellationToken ct = default)
    {
        var parameters = new ProxmoxParameters();
        if (options is not null)
        {
            parameters.Add("purge", options.Purge ? true : null)
                .Add("destroy-unreferenced-disks", options.DestroyUnreferencedDisks ? true : null)
                .Add("force", options.Force ? true : null);
        }

        return client.DeleteAsync<Upid>(Path, parameters, ct);
    }

    /// <summary><c>GET …/rrddata</c>: <paramref name="timeframe"/> is hour, day, week, month or year.</summary>
    public Task<ProxmoxResult<IReadOnlyList<RrdDataPoint>>> RrdDataAsync(string timeframe = "hour", string cf = "AVERAGE", CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<RrdDataPoint>>(Path + "/rrddata", new ProxmoxParameters().Add("timeframe", timeframe).Add("cf", cf), ct);
}
