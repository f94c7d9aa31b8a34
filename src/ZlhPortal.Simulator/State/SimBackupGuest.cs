namespace ZlhPortal.Simulator.State;

/// <summary>The container as a backup holds it: its config (<c>pct.conf</c>) and what its disk carries for the agent.</summary>
internal sealed class SimBackupGuest
{
    public string Hostname { get; set; } = "";

    public bool Template { get; set; }

    public int Cores { get; set; }

    public double CpuLimit { get; set; }

    public int MemoryMb { get; set; }

    public int SwapMb { get; set; }

    public double DiskGb { get; set; }

    public string Net0 { get; set; } = "";

    public string? Tags { get; set; }

    public string? Description { get; set; }

    public bool OnBoot { get; set; }

    public string Profile { get; set; } = "";

    public string Kind { get; set; } = "none";

    public SimAgentState Agent { get; set; } = new();

    public static SimBackupGuest Of(SimContainer c) => new()
    {
        Hostname = c.Hostname,
        Template = c.Template,
        Cores = c.Cores,
        CpuLimit = c.CpuLimit,
        MemoryMb = c.MemoryMb,
        SwapMb = c.SwapMb,
        DiskGb = c.DiskGb,
        Net0 = c.Net0,
        Tags = c.Tags,
        Description = c.Description,
        OnBoot = c.OnBoot,
        Profile = c.Profile,
        Kind = c.Kind,
        Agent = CopyOf(c.Agent),
    };

    /// <summary>What a restore needs of the agent's state; its crash and restart counters start again from zero.</summary>
    public static SimAgentState CopyOf(SimAgentState agent) => new()
    {
        Configured = agent.Configured,
        Credential = agent.Credential,
        ConfigJson = agent.ConfigJson,
        ProcessWanted = agent.ProcessWanted,
        Files = new Dictionary<string, SimFile>(agent.Files),
    };
}
