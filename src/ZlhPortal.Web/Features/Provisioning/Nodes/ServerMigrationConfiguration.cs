using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

public sealed class ServerMigrationConfiguration : IEntityTypeConfiguration<ServerMigration>
{
    public void Configure(EntityTypeBuilder<ServerMigration> builder)
    {
        builder.ToTable("ServerMigrations");
        builder.HasIndex(m => m.ServerId);
        builder.Property(m => m.FromNode).HasMaxLength(NodeSetting.NameMaxLength);
        builder.Property(m => m.ToNode).HasMaxLength(NodeSetting.NameMaxLength);
        builder.Property(m => m.RequestedBy).HasMaxLength(256);
        builder.Property(m => m.Upid).HasMaxLength(200);
        builder.Property(m => m.Error).HasMaxLength(1000);
    }
}
