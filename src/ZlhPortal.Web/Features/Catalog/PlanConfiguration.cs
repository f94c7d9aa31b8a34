using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Catalog;

public sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.Property(p => p.Slug).HasMaxLength(Plan.SlugMaxLength);
        builder.Property(p => p.Name).HasMaxLength(Plan.NameMaxLength);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Description).HasMaxLength(Plan.DescriptionMaxLength);
        builder.HasData(CatalogSeed.Plans);
    }
}
