using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing.Payments;

public sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.Property(p => p.CustomerId).HasMaxLength(450);
        builder.Property(p => p.Gateway).HasMaxLength(20);
        builder.Property(p => p.GatewayReference).HasMaxLength(200);
        builder.Property(p => p.IdempotencyKey).HasMaxLength(100);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.FailureMessage).HasMaxLength(500);
        builder.HasIndex(p => new { p.Gateway, p.GatewayReference }).IsUnique().HasFilter("\"GatewayReference\" IS NOT NULL");
        builder.HasIndex(p => new { p.InvoiceId, p.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        // At most one successful payment per invoice, however many requests or webhooks race.
        builder.HasIndex(p => p.InvoiceId).IsUnique().HasFilter("\"Status\" = 'Succeeded'").HasDatabaseName("IX_Payments_InvoiceId_Succeeded");
        builder.HasOne<Invoice>().WithMany().HasForeignKey(p => p.InvoiceId).OnDelete(DeleteBehavior.Restrict);
    }
}
