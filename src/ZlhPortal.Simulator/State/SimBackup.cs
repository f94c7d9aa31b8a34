namespace ZlhPortal.Simulator.State;

internal sealed class SimBackup
{
    public string VolId { get; set; } = "";

    public string Node { get; set; } = "";

    public string Storage { get; set; } = "";

    public int Vmid { get; set; }

    public long Size { get; set; }

    public long CTime { get; set; }

    public string Format { get; set; } = "tar.zst";

    public string? Notes { get; set; }
}
