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
    }

    public TaskActionEndpoint Rollback => new(client, path + "/rollback");

    public Task<ProxmoxResult<Upid>> DeleteAsync(bool force = false, CancellationToken ct = default) =>
        client.DeleteAsync<Upid>(path, new ProxmoxParameters().Add("force", force ? true : null), ct);
}
