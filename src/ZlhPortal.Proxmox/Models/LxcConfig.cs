using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Models;

/// <summary><c>GET /nodes/{node}/lxc/{vmid}/config</c>: a flat object; indexed keys (<c>net0</c>, <c>mp0</c>) are in <see cref="Extra"/>.</summary>
public sealed record LxcConfig
{
    public string? Hostname { get; init; }

    public string? Description { get; init; }

    public int Cores { get; init; }

    public double CpuLimit { get; init; }

    /// <summary>MiB.</summary>
    public int Memory { get; init; }

    /// <summary>MiB.</summary>
    public int Swap { get; init; }

    public string? RootFs { get; init; }

    public string? Tags { get; init; }

    public bool OnBoot { get; init; }

    public bool Template { get; init; }

    public bool Unprivileged { get; init; }

    public string? Features { get; init; }

    public string? OsType { get; init; }

    public string? Arch { get; init; }

    public string? Lock { get; init; }

    /// <summary>SHA-1 of the config file; pass it back on PUT to detect concurrent changes.</summary>
    public string? Digest { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>The <c>netN</c> property strings by index.</summary>
    public IReadOnlyDictionary<int, string> Networks => Indexed("net");

    private Dictionary<int, string> Indexed(string prefix)
    {
        var result = new Dictionary<int, string>();
        if (Extra is null)
        {
            return result;
        }

        foreach (var (key, value) in Extra)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(key.AsSpan(prefix.Length), out var index)
                && value.ValueKind == JsonValueKind.String)
            {
                result[index] = value.GetString()!;
            }
        }

        return result;
    }
}
