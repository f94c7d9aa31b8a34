using ZlhPortal.Web.Infrastructure.Coordination;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>
/// One placement at a time across every instance (lease <c>placement</c>): two orders never pick the same node room
/// or VMID. The unique index on Servers.Vmid stays as the last guard.
/// </summary>
public sealed class PlacementGate(Leases leases)
{
    public Task<HeldLease> EnterAsync(CancellationToken ct) => leases.AcquireAsync("placement", ct);
}
