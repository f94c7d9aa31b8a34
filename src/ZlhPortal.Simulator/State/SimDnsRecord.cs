namespace ZlhPortal.Simulator.State;

internal sealed class SimDnsRecord
{
    public string Zone { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary><c>A</c> or <c>SRV</c>.</summary>
    public string Type { get; set; } = "A";

    public int Ttl { get; set; } = 3600;

    public string? IpAddress { get; set; }

    public int Priority { get; set; }

    public int Weight { get; set; }

    public int Port { get; set; }

    public string? Target { get; set; }
}
