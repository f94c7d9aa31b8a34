namespace ZlhPortal.Proxmox.Models;

public sealed record NodeCpuInfo
{
    public string Model { get; init; } = "";

    public int Cores { get; init; }

    public int Cpus { get; init; }

    public int Sockets { get; init; }
}
