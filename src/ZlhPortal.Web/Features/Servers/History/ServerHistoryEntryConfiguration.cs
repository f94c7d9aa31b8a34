using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Servers.History;

public sealed class ServerHistoryEntryConfiguration : IEntityTypeConfiguration<ServerHistoryEntry>
{
    public void Configure(EntityTypeBuilder<ServerHistoryEntry> builder)
    {
        builder.ToTable("ServerHistory");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Actor).HasMaxLength(ServerHistoryEntry.ActorMaxLength);
        builder.Property(e => e.Text).HasMaxLength(ServerHistoryEntry.TextMaxLength);
        builder.Property(e => e.OnceKey).HasMaxLength(ServerHistoryEntry.OnceKeyMaxLength);
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(e => e.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ServerId, e.At });
        builder.HasIndex(e => new { e.ServerId, e.OnceKey }).IsUnique().HasFilter("\"OnceKey\" IS NOT NULL");
    }
}
