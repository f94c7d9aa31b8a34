using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/tasks/{upid}</c>.</summary>
public sealed class TaskApi
{
    private readonly ProxmoxClient client;
    private readonly string path;

    internal TaskApi(ProxmoxClient client, string path)
    {
        this.client = client;
        this.path = path;
    }

    public GetEndpoint<ProxmoxTaskStatus> Status => new(client, path + "/status");

    /// <summary>Log lines from <paramref name="start"/> (0-based); the result's <c>Total</c> is the full line count.</summary>
    public Task<ProxmoxResult<IReadOnlyList<TaskLogLine>>> LogAsync(int start = 0, int limit = 50, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<TaskLogLine>>(path + "/log", new ProxmoxParameters().Add("start", start).Add("limit", limit), ct);

    /// <summary>Stops a running task.</summary>
    public Task<ProxmoxResult<object>> StopAsync(CancellationToken ct = default) => client.DeleteAsync<object>(path, null, ct);
}
