namespace ZlhPortal.Simulator.State;

/// <summary>One LXC container (or template) as the simulated cluster stores it.</summary>
internal sealed class SimContainer
{
    public int Vmid { get; set; }

    public string Node { get; set; } = "";

    public string Hostname { get; set; } = "";

    public string Status { get; set; } = "stopped";

    public bool Template { get; set; }

    public string? Lock { get; set; }

    /// <summary>The task holding <see cref="Lock"/>, so a restart can release locks of tasks that died with it.</summary>
    public string? LockOwner { get; set; }

    public int Cores { get; set; } = 1;

    public double CpuLimit { get; set; }

    public int MemoryMb { get; set; } = 512;

    public int SwapMb { get; set; } = 512;

    public string RootfsVolume { get; set; } = "";

    public double DiskGb { get; set; } = 8;

    public string Net0 { get; set; } = "";

    public string? Tags { get; set; }

    public string? Description { get; set; }

    public bool OnBoot { get; set; }

    public string? Pool { get; set; }

    /// <summary>What runs inside: <c>minecraft-paper</c>, <c>valheim</c>, <c>dev-node</c>, …</summary>
    public string Profile { get; set; } = "";

    /// <summary><c>game</c>, <c>dev</c> or <c>none</c>.</summary>
    public string Kind { get; set; } = "none";

    public string? AgentAddress { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Bumped on every config change; the digest is derived from the config text.</summary>
    public int ConfigVersion { get; set; }

    public List<SimSnapshot> Snapshots { get; set; } = [];

    public SimAgentState Agent { get; set; } = new();

    public bool IsRunning => Status == "running";
}
