using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning.Status;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>
/// One node's capacity for the admin page: what the plans of its servers claim against what it has (times the
/// configured over-allocation), and its live state from the cached cluster read. Capacity fields are null while the
/// cluster has not been read since start-up.
/// </summary>
public sealed record NodeCapacityRow(
    string Node, NodeReading? Live, int Servers, int AllocatedCores, int AllocatedMemoryMb, int AllocatedDiskGb,
    double? CoreCapacity, double? MemoryCapacityMb, double? DiskCapacityGb);
