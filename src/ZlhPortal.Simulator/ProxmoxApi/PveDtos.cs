using System.Text.Json.Serialization;

namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>A guest entry of <c>/cluster/resources</c> (a record rather than a dictionary: this list is the hot path).</summary>
internal sealed record ClusterGuestDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("vmid")] int Vmid,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("template")] int Template,
    [property: JsonPropertyName("maxcpu")] int MaxCpu,
    [property: JsonPropertyName("cpu")] double Cpu,
    [property: JsonPropertyName("mem")] long Mem,
    [property: JsonPropertyName("maxmem")] long MaxMem,
    [property: JsonPropertyName("disk")] long Disk,
    [property: JsonPropertyName("maxdisk")] long MaxDisk,
    [property: JsonPropertyName("uptime")] long Uptime,
    [property: JsonPropertyName("netin")] long NetIn,
    [property: JsonPropertyName("netout")] long NetOut,
    [property: JsonPropertyName("diskread")] long DiskRead,
    [property: JsonPropertyName("diskwrite")] long DiskWrite,
    [property: JsonPropertyName("tags")] string? Tags,
    [property: JsonPropertyName("lock")] string? Lock,
    [property: JsonPropertyName("pool")] string? Pool);
