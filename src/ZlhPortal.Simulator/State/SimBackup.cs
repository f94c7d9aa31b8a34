namespace ZlhPortal.Simulator.State;

internal sealed class SimBackup
{
    public string VolId { get; set; } = "";

    /// <summary>The node that made it; backups on shared storage (PBS) are listed on every node.</summary>
    public string Node { get; set; } = "";

    public string Storage { get; set; } = "";

    public int Vmid { get; set; }

    public long Size { get; set; }

    public long CTime { get; set; }

    /// <summary><c>tar.zst</c>, <c>tar.gz</c>, … in a directory storage; <c>pbs-ct</c> on Proxmox Backup Server.</summary>
    public string Format { get; set; } = "tar.zst";

    public string? Notes { get; set; }

    /// <summary>A protected backup cannot be removed, by a prune or by a <c>DELETE</c>.</summary>
    public bool Protected { get; set; }

    /// <summary>What a restore brings back; null in state files from before restores.</summary>
    public SimBackupGuest? Guest { get; set; }
}
