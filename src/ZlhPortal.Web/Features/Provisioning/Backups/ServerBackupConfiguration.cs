using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

public sealed class ServerBackupConfiguration : IEntityTypeConfiguration<ServerBackup>
{
    public void Configure(EntityTypeBuilder<ServerBackup> builder)
    {
        builder.ToTable("ServerBackups");
        builder.Property(b => b.Name).HasMaxLength(ServerBackup.NameMaxLength);
        builder.Property(b => b.Notes).HasMaxLength(ServerBackup.NotesMaxLength);
        builder.Property(b => b.Error).HasMaxLength(ServerBackup.ErrorMaxLength);
        builder.Property(b => b.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.TaskUpid).HasMaxLength(200);
        builder.Property(b => b.VolId).HasMaxLength(300);
        builder.Property(b => b.Node).HasMaxLength(100);
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(b => b.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => new { b.ServerId, b.RequestedAt });
    }
}
