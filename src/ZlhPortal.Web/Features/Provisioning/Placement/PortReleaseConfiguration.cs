using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

public sealed class PortReleaseConfiguration : IEntityTypeConfiguration<PortRelease>
{
    public void Configure(EntityTypeBuilder<PortRelease> builder)
    {
        builder.ToTable("PortReleases");
        builder.HasKey(r => r.Port);
        builder.Property(r => r.Port).ValueGeneratedNever();
    }
}
