using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Billing.Coupons;

public sealed class CouponRedemptionConfiguration : IEntityTypeConfiguration<CouponRedemption>
{
    public void Configure(EntityTypeBuilder<CouponRedemption> builder)
    {
        builder.Property(r => r.CustomerId).HasMaxLength(450);
        builder.HasIndex(r => r.OrderId).IsUnique();
        // A once-per-customer coupon is redeemed once per customer whatever code path inserts the redemption.
        builder.HasIndex(r => new { r.CouponId, r.CustomerId }, "IX_CouponRedemptions_OncePerCustomer").IsUnique().HasFilter("\"OncePerCustomer\"");
        builder.HasIndex(r => new { r.CouponId, r.CustomerId });
        builder.HasOne<Coupon>().WithMany().HasForeignKey(r => r.CouponId).OnDelete(DeleteBehavior.Restrict);
    }
}
