using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

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
