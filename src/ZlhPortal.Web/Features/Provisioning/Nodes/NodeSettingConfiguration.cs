using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

public sealed class NodeSettingConfiguration : IEntityTypeConfiguration<NodeSetting>
{
    public void Configure(EntityTypeBuilder<NodeSetting> builder)
    {
        builder.ToTable("NodeSettings");
        builder.HasKey(n => n.Name);
        builder.Property(n => n.Name).HasMaxLength(NodeSetting.NameMaxLength);
        builder.Property(n => n.DrainReason).HasMaxLength(NodeSetting.ReasonMaxLength);
        builder.Property(n => n.ChangedBy).HasMaxLength(256);
    }
}
