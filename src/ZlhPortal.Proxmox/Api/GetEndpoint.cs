namespace ZlhPortal.Proxmox.Api;

/// <summary>A read-only resource such as <c>/version</c> or <c>…/status/current</c>.</summary>
public sealed class GetEndpoint<T>(ProxmoxClient client, string path)
{
    public string Path => path;

    public Task<ProxmoxResult<T>> GetAsync(CancellationToken ct = default) => client.GetAsync<T>(path, null, ct);
}
