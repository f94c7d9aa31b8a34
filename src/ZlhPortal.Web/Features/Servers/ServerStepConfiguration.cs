using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Servers;

public sealed class ServerStepConfiguration : IEntityTypeConfiguration<ServerStep>
{
    public void Configure(EntityTypeBuilder<ServerStep> builder)
    {
        builder.ToTable("ServerSteps");
        builder.Property(s => s.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Message).HasMaxLength(ServerStep.MessageMaxLength);
        builder.HasIndex(s => new { s.ServerId, s.Step }).IsUnique();
    }
}
