namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// Proxmox locks a template's disk for the whole clone, so a second clone of the same template fails. Clones of
/// one template (keyed by its VMID) wait here in turn instead; locks taken from outside this process are retried with backoff.
/// </summary>
public sealed class CloneQueue : KeyedLocks;
