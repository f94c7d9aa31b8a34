namespace ZlhPortal.Simulator.State;

internal sealed class SimSnapshot
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public long SnapTime { get; set; }

    public string? Parent { get; set; }

    public int Cores { get; set; }

    public int MemoryMb { get; set; }

    public Dictionary<string, SimFile> Files { get; set; } = [];
}
