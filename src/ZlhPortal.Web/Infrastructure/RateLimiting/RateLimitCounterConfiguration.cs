using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Infrastructure.RateLimiting;

public sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> builder)
    {
        builder.HasKey(c => new { c.Key, c.WindowStart });
        builder.Property(c => c.Key).HasMaxLength(200);
        builder.HasIndex(c => c.WindowStart);
    }
}
