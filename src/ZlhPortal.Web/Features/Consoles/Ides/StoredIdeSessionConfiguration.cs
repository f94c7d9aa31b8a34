using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Consoles.Ides;

public sealed class StoredIdeSessionConfiguration : IEntityTypeConfiguration<StoredIdeSession>
{
    public void Configure(EntityTypeBuilder<StoredIdeSession> builder)
    {
        builder.ToTable("IdeSessions");
        builder.HasKey(s => s.TokenHash);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.SecurityStamp).HasMaxLength(256);
        builder.HasIndex(s => s.ServerId);
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
