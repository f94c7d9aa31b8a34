using ZlhPortal.Web.Infrastructure.Coordination;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Proxmox locks a template's disk for the whole clone, so a second clone of the same template fails. Clones of
/// one template (keyed by its VMID) wait here in turn instead, across instances (lease <c>clone:{template vmid}</c>);
/// locks taken outside the portal are retried with backoff.
/// </summary>
public sealed class CloneQueue(Leases leases)
{
    public Task<HeldLease> EnterAsync(int templateVmid, CancellationToken ct) => leases.AcquireAsync($"clone:{templateVmid}", ct);
}
