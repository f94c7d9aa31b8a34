using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.Web.Features.Billing.Invoices;

public sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.Property(i => i.CustomerId).HasMaxLength(450);
        builder.Property(i => i.Number).HasMaxLength(20);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.Property(i => i.Country).HasMaxLength(2);
        builder.Property(i => i.VoidReason).HasMaxLength(500);
        builder.Ignore(i => i.AmountDueMinor);
        // Gap-free numbering: the next number is taken inside the transaction that issues the invoice, and two
        // issuers racing for the same number cannot both commit.
        builder.HasIndex(i => new { i.NumberYear, i.NumberSequence }).IsUnique().HasFilter("\"NumberSequence\" IS NOT NULL");
        builder.HasIndex(i => i.Number).IsUnique().HasFilter("\"Number\" IS NOT NULL");
        // One renewal invoice per subscription and period, whatever happens to the run that issues it.
        builder.HasIndex(i => new { i.SubscriptionId, i.Kind, i.PeriodStart }).IsUnique()
            .HasFilter("\"SubscriptionId\" IS NOT NULL AND \"Kind\" = 'Renewal' AND \"Status\" <> 'Void'");
        builder.HasIndex(i => new { i.CustomerId, i.CreatedAt });
        builder.HasIndex(i => new { i.Status, i.DueAt });
        builder.HasIndex(i => i.OrderId);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
