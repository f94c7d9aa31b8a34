using System.Globalization;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/lxc/{vmid}/config</c>. The PUT is synchronous and returns null.</summary>
public sealed class LxcConfigApi(ProxmoxClient client, string path)
{
    public Task<ProxmoxResult<LxcConfig>> GetAsync(CancellationToken ct = default) => client.GetAsync<LxcConfig>(path, null, ct);

    public Task<ProxmoxResult<object>> SetAsync(LxcConfigUpdate update, CancellationToken ct = default)
    {
        var parameters = new ProxmoxParameters()
            .Add("cores", update.Cores)
            .Add("memory", update.Memory)
            .Add("swap", update.Swap)
            .Add("cpulimit", update.CpuLimit)
            .Add("hostname", update.Hostname)
            .Add("description", update.Description)
            .Add("tags", update.Tags)
            .Add("onboot", update.OnBoot)
            .Add("digest", update.Digest);
        foreach (var (index, value) in update.Networks ?? new Dictionary<int, string>())
        {
            parameters.Add("net" + index.ToString(CultureInfo.InvariantCulture), value);
        }

        if (update.Delete is { Count: > 0 })
        {
            parameters.Add("delete", string.Join(',', update.Delete));
        }

        return client.SetAsync<object>(path, parameters, ct);
    }
}
