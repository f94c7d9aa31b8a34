using System.Text.Json;

namespace ZlhPortal.Proxmox.Json;

/// <summary>The <c>{"data":…,"errors":{…},"message":"…","total":N}</c> wrapper around every response.</summary>
internal sealed class ProxmoxEnvelope<T>
{
    public T? Data { get; set; }

    public Dictionary<string, JsonElement>? Errors { get; set; }

    public string? Message { get; set; }

    public int? Total { get; set; }
}
