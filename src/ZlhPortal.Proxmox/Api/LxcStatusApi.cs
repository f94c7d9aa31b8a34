using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc/{vmid}/status</c>. Every action answers with a UPID before the work runs.</summary>
public sealed class LxcStatusApi
{
    private readonly ProxmoxClient client;
    private readonly string path;

    internal LxcStatusApi(ProxmoxClient client, string path)
    {
        this.client = client;
        this.path = path;
    }

    public GetEndpoint<LxcStatus> Current => new(client, path + "/current");

    public TaskActionEndpoint Start => new(client, path + "/start");

    public TaskActionEndpoint Stop => new(client, path + "/stop");

    public TaskActionEndpoint Reboot => new(client, path + "/reboot");

    /// <summary>Clean shutdown; with <paramref name="forceStop"/> the CT is stopped if still up after <paramref name="timeoutSeconds"/>.</summary>
    public Task<ProxmoxResult<Upid>> ShutdownAsync(int? timeoutSeconds = null, bool? forceStop = null, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(path + "/shutdown", new ProxmoxParameters().Add("timeout", timeoutSeconds).Add("forceStop", forceStop), ct);
}
