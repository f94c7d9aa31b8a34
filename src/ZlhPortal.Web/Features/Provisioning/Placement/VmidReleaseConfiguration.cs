using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

public sealed class VmidReleaseConfiguration : IEntityTypeConfiguration<VmidRelease>
{
    public void Configure(EntityTypeBuilder<VmidRelease> builder)
    {
        builder.ToTable("VmidReleases");
        builder.HasKey(r => r.Vmid);
        builder.Property(r => r.Vmid).ValueGeneratedNever();
    }
}
