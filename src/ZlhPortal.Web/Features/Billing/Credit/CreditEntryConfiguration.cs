using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.Web.Features.Billing.Credit;

public sealed class CreditEntryConfiguration : IEntityTypeConfiguration<CreditEntry>
{
    public void Configure(EntityTypeBuilder<CreditEntry> builder)
    {
        builder.Property(c => c.CustomerId).HasMaxLength(450);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Reason).HasMaxLength(500);
        builder.Property(c => c.CreatedBy).HasMaxLength(450);
        builder.HasIndex(c => new { c.CustomerId, c.Id });
        // An invoice is settled from credit once (a failed order is refunded once: Orders.RefundedAt is claimed first).
        builder.HasIndex(c => c.InvoiceId).IsUnique().HasFilter("\"Kind\" = 'AppliedToInvoice'").HasDatabaseName("IX_CreditEntries_InvoiceId_Applied");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
