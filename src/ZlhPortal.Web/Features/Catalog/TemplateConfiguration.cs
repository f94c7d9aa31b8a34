using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Catalog;

public sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> builder)
    {
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Slug).HasMaxLength(Template.SlugMaxLength);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.ProxmoxNode).HasMaxLength(64);
        builder.Property(t => t.Game).HasMaxLength(50);
        builder.Property(t => t.Variant).HasMaxLength(50);
        builder.Property(t => t.DefaultVersion).HasMaxLength(50);
        // A short list read with its template, never queried by element: one column, comma-separated.
        builder.Property(t => t.Versions).HasMaxLength(1000).HasDefaultValue(new List<string>())
            .HasConversion(v => string.Join(',', v), v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), v => v.ToList()));
        builder.Property(t => t.AllowedPlanIds).HasMaxLength(1000).HasDefaultValue(new List<int>())
            .HasConversion(v => string.Join(',', v), v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                new ValueComparer<List<int>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, id) => HashCode.Combine(h, id)), v => v.ToList()));
        builder.Property(t => t.Protocol).HasMaxLength(3).HasDefaultValue("tcp");
        builder.HasData(CatalogSeed.Templates);
    }
}
