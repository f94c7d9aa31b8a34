namespace ZlhPortal.Simulator;

/// <summary>A cluster node and its capacity.</summary>
public sealed class SimulatedNodeOptions
{
    public string Name { get; set; } = "pve1";

    public int Cores { get; set; } = 16;

    public int MemoryGiB { get; set; } = 64;

    public int DiskGiB { get; set; } = 2000;
}
