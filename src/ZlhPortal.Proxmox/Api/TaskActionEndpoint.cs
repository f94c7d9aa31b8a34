namespace ZlhPortal.Proxmox.Api;

/// <summary>A POST that starts a worker and answers with its UPID (<c>status/start</c>, <c>status/stop</c>, …).</summary>
public sealed class TaskActionEndpoint(ProxmoxClient client, string path)
{
    public string Path => path;

    public Task<ProxmoxResult<Upid>> CreateAsync(CancellationToken ct = default) => client.CreateAsync<Upid>(path, null, ct);

    public Task<ProxmoxResult<Upid>> CreateAsync(ProxmoxParameters parameters, CancellationToken ct = default) =>
        client.CreateAsync<Upid>(path, parameters, ct);
}
