using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.Web.Features.Servers.Sharing;

public sealed class ServerShareConfiguration : IEntityTypeConfiguration<ServerShare>
{
    public void Configure(EntityTypeBuilder<ServerShare> builder)
    {
        builder.Property(s => s.Email).HasMaxLength(ServerShare.EmailMaxLength);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.HasIndex(s => new { s.ServerId, s.Email }).IsUnique();
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
