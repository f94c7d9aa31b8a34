using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>One placement at a time in this process; the unique index on Servers.Vmid guards against other instances.</summary>
public sealed class PlacementGate
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);
}
