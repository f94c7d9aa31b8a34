namespace ZlhPortal.Simulator.State;

internal sealed class SimTask
{
    public string Upid { get; set; } = "";

    public string Node { get; set; } = "";

    public string Type { get; set; } = "";

    public string Id { get; set; } = "";

    public string User { get; set; } = "";

    public int Pid { get; set; }

    public long PStart { get; set; }

    public long StartTime { get; set; }

    public long? EndTime { get; set; }

    public string Status { get; set; } = "running";

    public string? ExitStatus { get; set; }

    public List<string> Log { get; set; } = [];
}
