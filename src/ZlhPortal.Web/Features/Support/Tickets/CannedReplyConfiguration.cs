using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed class CannedReplyConfiguration : IEntityTypeConfiguration<CannedReply>
{
    public void Configure(EntityTypeBuilder<CannedReply> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(CannedReply.TitleMaxLength);
        builder.Property(c => c.Body).HasMaxLength(TicketMessage.BodyMaxLength);
    }
}
