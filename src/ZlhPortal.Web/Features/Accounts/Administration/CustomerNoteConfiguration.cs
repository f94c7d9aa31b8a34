using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Accounts.Administration;

public sealed class CustomerNoteConfiguration : IEntityTypeConfiguration<CustomerNote>
{
    public void Configure(EntityTypeBuilder<CustomerNote> builder)
    {
        builder.ToTable("CustomerNotes");
        builder.Property(n => n.CustomerId).HasMaxLength(450);
        builder.Property(n => n.AuthorId).HasMaxLength(450);
        builder.Property(n => n.Text).HasMaxLength(CustomerNote.TextMaxLength);
        builder.HasIndex(n => new { n.CustomerId, n.At });
    }
}
