namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>A node as the cluster last reported it: online status, capacity (cores, bytes) and current use.</summary>
public sealed record NodeReading(string Node, string Status, double Cores, long MaxMemoryBytes, long MaxDiskBytes, double CpuFraction, long MemoryBytes, long DiskBytes)
{
    public bool Online => Status == "online";
}
