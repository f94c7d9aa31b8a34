namespace ZlhPortal.Proxmox.Models;

/// <summary>Changes for <c>PUT …/config</c>; null members are not sent.</summary>
public sealed record LxcConfigUpdate
{
    public int? Cores { get; init; }

    /// <summary>MiB.</summary>
    public int? Memory { get; init; }

    /// <summary>MiB.</summary>
    public int? Swap { get; init; }

    public double? CpuLimit { get; init; }

    public string? Hostname { get; init; }

    public string? Description { get; init; }

    /// <summary>Separated by <c>;</c>.</summary>
    public string? Tags { get; init; }

    public bool? OnBoot { get; init; }

    /// <summary><c>netN</c> property strings, e.g. <c>[0] = "name=eth0,bridge=vmbr3,ip=dhcp"</c>.</summary>
    public IReadOnlyDictionary<int, string>? Networks { get; init; }

    /// <summary>Options to remove, e.g. <c>["tags"]</c>.</summary>
    public IReadOnlyList<string>? Delete { get; init; }

    /// <summary>The digest read earlier; the update fails if the config changed since.</summary>
    public string? Digest { get; init; }
}
