using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(TicketAttachment.FileNameMaxLength);
        builder.Property(a => a.ContentType).HasMaxLength(TicketAttachment.ContentTypeMaxLength);
    }
}
