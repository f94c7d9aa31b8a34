using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

public sealed class ConsoleSessionConfiguration : IEntityTypeConfiguration<ConsoleSession>
{
    public void Configure(EntityTypeBuilder<ConsoleSession> builder)
    {
        // No foreign keys: the audit trail outlives servers and accounts.
        builder.ToTable("ConsoleSessions");
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.Property(s => s.Reason).HasMaxLength(ConsoleSession.ReasonMaxLength);
        builder.Property(s => s.EndReason).HasMaxLength(200);
        builder.HasIndex(s => new { s.ServerId, s.StartedAt });
        builder.HasIndex(s => new { s.UserId, s.StartedAt });
    }
}
