using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

public sealed class StoredTicketConfiguration : IEntityTypeConfiguration<StoredTicket>
{
    public void Configure(EntityTypeBuilder<StoredTicket> builder)
    {
        builder.ToTable("ConsoleTickets");
        builder.HasKey(t => t.TokenHash);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.UserId).HasMaxLength(450);
        builder.Property(t => t.Reason).HasMaxLength(500);
        builder.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(t => t.ExpiresAt);
    }
}
