namespace ZlhPortal.Simulator.State;

/// <summary>Everything the simulator persists, in one JSON document.</summary>
internal sealed class SimState
{
    public SortedDictionary<int, SimContainer> Containers { get; set; } = [];

    public List<SimTask> Tasks { get; set; } = [];

    public List<SimBackup> Backups { get; set; } = [];

    public List<SimDnsRecord> DnsRecords { get; set; } = [];

    /// <summary>Registrations of the Velocity bridge; state files from before the edge have none.</summary>
    public List<SimVelocityServer> VelocityServers { get; set; } = [];

    public int NextAddressIndex { get; set; } = 1;

    public int NextPid { get; set; } = 0x1000;
}
