namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>A VMID that was freed, kept out of the pool until its cool-down ends.</summary>
public sealed class VmidRelease
{
    public int Vmid { get; set; }

    public DateTimeOffset ReleasedAt { get; set; }
}
