namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>A public port that was freed, kept out of the pool until its cool-down ends (as <see cref="VmidRelease"/>).</summary>
public sealed class PortRelease
{
    public int Port { get; set; }

    public DateTimeOffset ReleasedAt { get; set; }
}
