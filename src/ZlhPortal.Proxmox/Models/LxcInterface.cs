namespace ZlhPortal.Proxmox.Models;

/// <summary>An entry of <c>GET …/lxc/{vmid}/interfaces</c>; addresses carry their prefix (<c>10.0.0.5/24</c>).</summary>
public sealed record LxcInterface
{
    public string Name { get; init; } = "";

    public string? HwAddr { get; init; }

    public string? Inet { get; init; }

    public string? Inet6 { get; init; }

    /// <summary>The IPv4 address without its prefix length, if any.</summary>
    public string? IPv4Address => Inet?.Split('/')[0];
}
