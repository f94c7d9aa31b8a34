namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc/{vmid}/snapshot/{name}</c>.</summary>
public sealed class LxcSnapshotApi
{
    private readonly ProxmoxClient client;
    private readonly string path;

    internal LxcSnapshotApi(ProxmoxClient client, string path)
    {
        this.client = client;
        this.path = path;
        Rollback = new TaskActionEndpoint(client, path + "/rollback");
    }

    public TaskActionEndpoint Rollback { get; }

    public Task<ProxmoxResult<Upid>> DeleteAsync(bool force = false, CancellationToken ct = default) =>
        client.DeleteAsync<Upid>(path, new ProxmoxParameters().Add("force", force ? true : null), ct);
}
