namespace ZlhPortal.Simulator;

/// <summary>
/// Settings of a simulated runtime host. Bound by <see cref="SimulatorProgram"/> from an optional
/// <c>simulator.json</c>, <c>ZLHSIM_</c> environment variables and the command line; built in code by the
/// portal's embedded default and by tests.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Address every listener binds to. Keep it on loopback: the simulator has no real security.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTPS port of the Proxmox API; 0 picks a free one.</summary>
    public int ApiPort { get; set; } = 8006;

    /// <summary>HTTP port of the Technitium-style DNS API; 0 picks a free one.</summary>
    public int DnsPort { get; set; } = 5380;

    /// <summary>JSON file holding containers, tasks, backups and DNS records. Null keeps everything in memory.</summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// PKCS#12 file for the API's self-signed certificate, created at first start. Null puts it next to
    /// <see cref="StateFile"/>, or keeps an in-memory certificate when there is no state file.
    /// </summary>
    public string? CertificateFile { get; set; }

    /// <summary>
    /// Full token as <c>user@realm!tokenid=secret</c>, accepted in <c>Authorization: PVEAPIToken=…</c>. Empty: a random
    /// <c>root@pam!zlhportal=…</c> kept with the state (see <see cref="SimulatorHost.ApiToken"/>).
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>Password of <c>root@pam</c> for ticket logins. Empty: a random one kept with the state.</summary>
    public string? RootPassword { get; set; }

    /// <summary>Token of the DNS API (<c>?token=</c>). Empty: a random one kept with the state.</summary>
    public string? DnsToken { get; set; }

    /// <summary>
    /// HTTP port of the Velocity bridge API (<c>/zpack/…</c>) on <see cref="ListenAddress"/>. 0 picks a free one, the default
    /// in-process so simulators side by side never collide; the standalone simulator defaults to 8090.
    /// </summary>
    public int BridgePort { get; set; }

    /// <summary>
    /// Secret of the Velocity bridge; callers send its lower-case hex SHA-256 as <c>X-Zpack-Secret</c>. Empty: a random one
    /// kept with the state (see <see cref="SimulatorHost.VelocitySecret"/>).
    /// </summary>
    public string? BridgeSecret { get; set; }

    /// <summary>
    /// Address of the Velocity player listener that routes Minecraft players by hostname. Its own loopback address, so it
    /// can take the Minecraft port without meeting a container's.
    /// </summary>
    public string EdgeAddress { get; set; } = "127.76.0.1";

    /// <summary>
    /// Port of the Velocity player listener. 0 picks a free one, the default in-process; the standalone simulator defaults
    /// to 25565, the port a player's client assumes.
    /// </summary>
    public int EdgePort { get; set; }

    /// <summary>
    /// Loopback block containers get their addresses from (Linux accepts all of 127.0.0.0/8). Give
    /// simulators that run side by side different blocks so their agents never collide.
    /// </summary>
    public string AgentAddressBlock { get; set; } = "127.77.0.0/16";

    public int AgentPort { get; set; } = 18888;

    /// <summary>The largest file an agent's files API stores (a write, an upload, a zip it makes); larger answers 413.</summary>
    public long AgentMaxFileBytes { get; set; } = 64L << 20;

    /// <summary>Port of the web IDE in dev containers.</summary>
    public int IdePort { get; set; } = 8080;

    /// <summary>Start an agent listener for every running container. Off for load tests of the API alone.</summary>
    public bool StartAgents { get; set; } = true;

    /// <summary>How long a task (clone, start, stop, …) runs unless <see cref="TaskDurations"/> names its type. Zero finishes before the POST returns.</summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per task type (<c>vzclone</c>, <c>vzstart</c>, <c>vzdump</c>, …).</summary>
    public Dictionary<string, TimeSpan> TaskDurations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Time the agent spends installing after <c>POST /config</c>.</summary>
    public TimeSpan InstallDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Time the game or dev process takes from starting to running (and to stop).</summary>
    public TimeSpan ProcessStartDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Interval of the periodic lines the scripted game server prints.</summary>
    public TimeSpan ConsoleTickInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// pvestatd reports a new guest about 10 s after it appears, so <c>/cluster/resources</c> shows its status as
    /// <c>unknown</c> until then. Zero turns the quirk off.
    /// </summary>
    public TimeSpan NewGuestStatusDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>pveproxy delays failed logins by 3 s; tests set this to zero.</summary>
    public TimeSpan AuthFailureDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Cluster nodes. Empty means the defaults: <c>pve1</c> and <c>pve2</c>.</summary>
    public List<SimulatedNodeOptions> Nodes { get; set; } = [];

    /// <summary>Log requests to the console.</summary>
    public bool Verbose { get; set; }

    internal IReadOnlyList<SimulatedNodeOptions> EffectiveNodes =>
        Nodes.Count > 0
            ? Nodes
            :
            [
                new SimulatedNodeOptions { Name = "pve1" },
                new SimulatedNodeOptions { Name = "pve2", Cores = 32, MemoryGiB = 128 },
            ];

    internal TimeSpan DurationOf(string taskType) =>
        TaskDurations.TryGetValue(taskType, out var duration) ? duration : TaskDuration;
}
