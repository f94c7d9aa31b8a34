using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;

namespace ZlhPortal.UnitTests.Features.Billing;

public sealed class CouponRulesTests
{
    [Theory]
    [InlineData("", "game-small", true)]
    [InlineData("game-small", "game-small", true)]
    [InlineData("game-small, game-medium", "game-medium", true)]
    [InlineData("GAME-SMALL", "game-small", true)]
    [InlineData("dev-small,dev-medium", "game-small", false)]
    public void A_coupon_limited_to_plans_applies_only_to_them(string planSlugs, string plan, bool applies) =>
        Assert.Equal(applies, new Coupon { PlanSlugs = planSlugs }.AppliesTo(plan));

    [Fact]
    public void A_coupon_describes_itself_for_the_checkout()
    {
        Assert.Equal("20 % off the first month", new Coupon { Kind = DiscountKind.Percent, Value = 20, Periods = 1 }.Describe("EUR"));
        Assert.Equal("10 % off every month", new Coupon { Kind = DiscountKind.Percent, Value = 10, Periods = null }.Describe("EUR"));
        Assert.EndsWith("off for 3 months", new Coupon { Kind = DiscountKind.Fixed, Value = 200, Periods = 3 }.Describe("EUR"));
    }
}
