namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>
/// One sample of a server's resource use, averaged over the sample's step. Null where Proxmox has no value (before the
/// container existed, or while the node was away). <see cref="Cpu"/> is a fraction of the server's own cores (1 = all busy).
/// </summary>
public sealed record UsagePoint(
    DateTimeOffset At,
    double? Cpu,
    long? MemoryBytes,
    long? MemoryMaxBytes,
    double? NetInBytesPerSecond,
    double? NetOutBytesPerSecond,
    double? DiskReadBytesPerSecond,
    double? DiskWriteBytesPerSecond,
    long? DiskBytes,
    long? DiskMaxBytes);
