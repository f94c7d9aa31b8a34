using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

public sealed class ReconcilerReportConfiguration : IEntityTypeConfiguration<ReconcilerReport>
{
    public void Configure(EntityTypeBuilder<ReconcilerReport> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();
    }
}
