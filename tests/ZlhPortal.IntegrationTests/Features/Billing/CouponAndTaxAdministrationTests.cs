using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Billing;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class CouponAndTaxAdministrationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly CouponInput Spring = new("spring-20", DiscountKind.Percent, 20, 1, 10, true, null, "game-small");

    [Fact]
    public async Task A_coupon_staff_create_is_redeemable_until_it_is_deactivated()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var coupons = scope.ServiceProvider.GetRequiredService<CouponBook>();
        Assert.Null(await coupons.CreateAsync(Spring));
        var customer = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

        var placed = await BillingApiClient.OrderAsync(customer, name: "Spring", coupon: "Spring-20");
        Assert.Contains(placed.GetProperty("invoice").GetProperty("lines").EnumerateArray(), l => l.GetProperty("description").GetString()!.Contains("SPRING-20"));

        var coupon = (await coupons.ListAsync()).Single(c => c.Code == "SPRING-20");
        Assert.True(await coupons.SetActiveAsync(coupon.Id, false));
        var other = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var refused = await other.PostAsJsonAsync("/api/v1/orders", new { plan = "game-small", template = "minecraft-paper", name = "Late", coupon = "SPRING-20" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no coupon", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_coupons_are_refused_with_a_message()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var coupons = scope.ServiceProvider.GetRequiredService<CouponBook>();
        Assert.Null(await coupons.CreateAsync(Spring with { Code = "TAKEN" }));

        Assert.Contains("code", await coupons.CreateAsync(Spring with { Code = "no spaces" }));
        Assert.Contains("taken", await coupons.CreateAsync(Spring with { Code = "taken" }));
        Assert.Contains("percentage", await coupons.CreateAsync(Spring with { Code = "P1", Value = 101 }));
        Assert.Contains("amount", await coupons.CreateAsync(Spring with { Code = "F1", Kind = DiscountKind.Fixed, Value = 0 }));
        Assert.Contains("amount", await coupons.CreateAsync(Spring with { Code = "F2", Kind = DiscountKind.Fixed, Value = 1.5m }));
        Assert.Contains("future", await coupons.CreateAsync(Spring with { Code = "OLD", ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) }));
        Assert.Contains("no plan", await coupons.CreateAsync(Spring with { Code = "NOPLAN", PlanSlugs = "game-small, game-huge" }));
        Assert.Contains("Periods", await coupons.CreateAsync(Spring with { Code = "P0", Periods = 0 }));
        Assert.Contains("Max uses", await coupons.CreateAsync(Spring with { Code = "M0", MaxUses = 0 }));
        Assert.Single(await coupons.ListAsync(), c => c.Code.StartsWith("TAKEN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_saved_tax_rate_applies_to_new_orders_and_a_removed_one_means_no_tax()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var taxes = scope.ServiceProvider.GetRequiredService<TaxTable>();
        var customer = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

        Assert.Contains("ISO", await taxes.SaveAsync("Germany", "VAT", 7));
        Assert.Contains("percentage", await taxes.SaveAsync("de", "VAT", 107));
        Assert.Contains("name", await taxes.SaveAsync("de", "", 7));
        Assert.Null(await taxes.SaveAsync("de", "MwSt", 7));
        Assert.Equal("MwSt", (await taxes.ListAsync()).Single(t => t.Country == "DE").Name);
        Assert.Equal(699 + 49, (await BillingApiClient.OrderAsync(customer, name: "Reduced")).GetProperty("invoice").GetProperty("total").GetInt64());

        Assert.True(await taxes.RemoveAsync("DE"));
        Assert.Equal(699, (await BillingApiClient.OrderAsync(customer, name: "Untaxed")).GetProperty("invoice").GetProperty("total").GetInt64());
    }
}
