namespace ZlhPortal.Simulator.Control;

/// <summary>
/// Faults currently injected, set through <c>PUT /_sim/faults</c>. Everything is off by default.
/// </summary>
public sealed class SimulatorFaults
{
    /// <summary>Extra latency added to every Proxmox API request.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Requests matching a rule fail with its status and reason, with the given probability.</summary>
    public List<ErrorRateRule> ErrorRates { get; set; } = [];

    /// <summary>Node name → <c>refused</c> (595, connection refused by the node) or <c>timeout</c> (596).</summary>
    public Dictionary<string, string> OfflineNodes { get; set; } = [];

    /// <summary>The whole API drops connections without answering (the host is down).</summary>
    public bool ApiDown { get; set; }

    /// <summary>Upcoming tasks of a type end in error with the given exit status.</summary>
    public List<TaskFailureRule> TaskFailures { get; set; } = [];

    /// <summary>
    /// Upcoming calls that start a task of a type are carried out (the task runs, its locks and results are real) but
    /// their answer never arrives: the connection is dropped, as when the network fails after pveproxy took the request.
    /// </summary>
    public List<DropResponseRule> DropResponses { get; set; } = [];

    /// <summary>
    /// Upcoming backups of a guest fail inside the <c>vzdump</c> task (the guest's <c>ERROR:</c> line carries the reason) while
    /// other guests of the same job are backed up; the task ends with <c>job errors</c>.
    /// </summary>
    public List<BackupFailureRule> BackupFailures { get; set; } = [];

    /// <summary>Containers whose agent answers <c>/health</c> with 503 forever.</summary>
    public List<int> AgentNeverHealthy { get; set; } = [];

    /// <summary>Containers whose game process crashes shortly after every start.</summary>
    public List<int> AgentCrashLoop { get; set; } = [];

    /// <summary>Containers whose console socket is dropped right after the history is sent.</summary>
    public List<int> DropConsole { get; set; } = [];

    public sealed class ErrorRateRule
    {
        /// <summary>Substring of the path after <c>/api2/json</c>, e.g. <c>/clone</c> or <c>/status/current</c>.</summary>
        public string PathContains { get; set; } = "";

        /// <summary>Null for any method.</summary>
        public string? Method { get; set; }

        /// <summary>0..1.</summary>
        public double Rate { get; set; } = 1;

        public int Status { get; set; } = 596;

        public string Reason { get; set; } = "Connection timed out";
    }

    public sealed class TaskFailureRule
    {
        /// <summary>Task type such as <c>vzclone</c>, <c>vzstart</c>; empty matches any.</summary>
        public string Type { get; set; } = "";

        public string ExitStatus { get; set; } = "command failed";

        /// <summary>How many tasks fail before the rule is used up; 0 means every one.</summary>
        public int Count { get; set; } = 1;
    }

    public sealed class BackupFailureRule
    {
        public int Vmid { get; set; }

        public string Error { get; set; } = "proxmox-backup-client failed: Error: connection error: Connection refused (os error 111)";

        /// <summary>How many backups of the guest fail before the rule is used up; 0 means every one.</summary>
        public int Count { get; set; } = 1;
    }

    public sealed class DropResponseRule
    {
        /// <summary>Task type the call starts, such as <c>vzclone</c>, <c>vzstart</c>, <c>vzdestroy</c>; empty matches any.</summary>
        public string Type { get; set; } = "";

        /// <summary>How many answers are dropped before the rule is used up; 0 means every one.</summary>
        public int Count { get; set; } = 1;
    }
}
