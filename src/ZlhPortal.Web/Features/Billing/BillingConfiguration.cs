using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Billing;

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.CustomerId).HasMaxLength(450);
        builder.Property(o => o.ServerName).HasMaxLength(HostedServer.NameMaxLength);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        builder.HasIndex(o => new { o.Status, o.ExpiresAt });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Plan>().WithMany().HasForeignKey(o => o.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Template>().WithMany().HasForeignKey(o => o.TemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

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

public sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.Property(l => l.Description).HasMaxLength(300);
        builder.Property(l => l.TaxRatePercent).HasPrecision(7, 4);
    }
}

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

public sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.Property(s => s.CustomerId).HasMaxLength(450);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(s => s.ServerId).IsUnique();
        builder.HasIndex(s => new { s.Status, s.CurrentPeriodEnd });
        builder.HasIndex(s => s.CustomerId);
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(Coupon.CodeMaxLength);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.PlanSlugs).HasMaxLength(500);
        builder.HasIndex(c => c.Code).IsUnique();
    }
}

public sealed class CouponRedemptionConfiguration : IEntityTypeConfiguration<CouponRedemption>
{
    public void Configure(EntityTypeBuilder<CouponRedemption> builder)
    {
        builder.Property(r => r.CustomerId).HasMaxLength(450);
        builder.HasIndex(r => r.OrderId).IsUnique();
        builder.HasIndex(r => new { r.CouponId, r.CustomerId });
        builder.HasOne<Coupon>().WithMany().HasForeignKey(r => r.CouponId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class TaxRateConfiguration : IEntityTypeConfiguration<TaxRate>
{
    public void Configure(EntityTypeBuilder<TaxRate> builder)
    {
        builder.HasKey(t => t.Country);
        builder.Property(t => t.Country).HasMaxLength(2);
        builder.Property(t => t.Name).HasMaxLength(40);
        builder.Property(t => t.RatePercent).HasPrecision(7, 4);
        // Starting rates (standard VAT); admins edit the table, countries not in it pay no tax.
        builder.HasData(
            new TaxRate { Country = "DE", Name = "VAT", RatePercent = 19m },
            new TaxRate { Country = "AT", Name = "VAT", RatePercent = 20m },
            new TaxRate { Country = "FR", Name = "VAT", RatePercent = 20m },
            new TaxRate { Country = "NL", Name = "VAT", RatePercent = 21m });
    }
}

public sealed class CapacityReservationConfiguration : IEntityTypeConfiguration<CapacityReservation>
{
    public void Configure(EntityTypeBuilder<CapacityReservation> builder)
    {
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Node).HasMaxLength(64);
        builder.HasIndex(r => new { r.ServerId, r.ReleasedAt, r.ExpiresAt });
        builder.HasOne<Plan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Restrict);
    }
}
