using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Servers;

public sealed class ServerActionFailureConfiguration : IEntityTypeConfiguration<ServerActionFailure>
{
    public void Configure(EntityTypeBuilder<ServerActionFailure> builder)
    {
        builder.ToTable("ServerActionFailures");
        builder.Property(f => f.Operation).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Reason).HasMaxLength(ServerActionFailure.ReasonMaxLength);
        builder.Property(f => f.Detail).HasMaxLength(ServerActionFailure.DetailMaxLength);
        builder.HasIndex(f => new { f.ServerId, f.RequestedAt });
    }
}
