using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class CouponTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<string> AddCouponAsync(Action<Coupon> configure)
    {
        var coupon = new Coupon { Code = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), Kind = DiscountKind.Percent, Value = 50, Periods = 1, CreatedAt = DateTimeOffset.UtcNow };
        configure(coupon);
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        db.Coupons.Add(coupon);
        await db.SaveChangesAsync();
        return coupon.Code;
    }

    private static async Task<HttpResponseMessage> OrderAsync(HttpClient client, string coupon, string plan = "game-small") =>
        await client.PostAsJsonAsync("/api/v1/orders", new { plan, template = "minecraft-paper", name = "Coupon world", coupon });

    [Fact]
    public async Task A_percent_coupon_shows_as_its_own_line_and_is_taxed_with_the_price()
    {
        var code = await AddCouponAsync(_ => { });
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

        var response = await OrderAsync(client, code.ToLowerInvariant());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invoice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invoice");
        var lines = invoice.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(-350, lines[1].GetProperty("net").GetInt64()); // 50 % of 6.99 = 3.495 → 3.50
        Assert.Equal(349, invoice.GetProperty("subtotal").GetInt64());
        Assert.Equal(133 - 67, invoice.GetProperty("tax").GetInt64());
    }

    [Fact]
    public async Task Expired_exhausted_foreign_plan_and_reused_coupons_are_refused_with_a_reason()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var expired = await AddCouponAsync(c => c.ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1));
        var exhausted = await AddCouponAsync(c => { c.MaxUses = 1; c.Uses = 1; });
        var devOnly = await AddCouponAsync(c => c.PlanSlugs = "dev-small,dev-medium");
        var once = await AddCouponAsync(c => c.OncePerCustomer = true);

        Assert.Contains("expired", await (await OrderAsync(client, expired)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("used up", await (await OrderAsync(client, exhausted)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("not valid for", await (await OrderAsync(client, devOnly)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(client, once)).StatusCode);
        var second = await OrderAsync(client, once);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("already used", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_use_of_a_limited_coupon_goes_to_exactly_one_of_many_concurrent_orders()
    {
        var code = await AddCouponAsync(c => { c.MaxUses = 1; c.OncePerCustomer = false; });
        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ => await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"))));

        var responses = await Task.WhenAll(clients.Select(c => OrderAsync(c, code)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
    }

    [Fact]
    public async Task A_once_per_customer_coupon_goes_to_one_of_a_customers_concurrent_orders()
    {
        var code = await AddCouponAsync(c => c.OncePerCustomer = true);
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

        // A double click, or a script firing the same order several times at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => OrderAsync(client, code)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.CouponRedemptions.CountAsync(r => db.Coupons.Any(c => c.Id == r.CouponId && c.Code == code))));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_redemption_of_a_once_per_customer_coupon()
    {
        var code = await AddCouponAsync(c => c.OncePerCustomer = true);
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        Assert.Equal(HttpStatusCode.Created, (await OrderAsync(client, code)).StatusCode);
        var first = await BillingApiClient.WithDbAsync(factory, db => db.CouponRedemptions.AsNoTracking().SingleAsync(r => db.Coupons.Any(c => c.Id == r.CouponId && c.Code == code)));
        Assert.True(first.OncePerCustomer);

        // Whatever code path writes the redemption, a second one for the same customer and coupon cannot be stored.
        var second = await BillingApiClient.WithDbAsync(factory, async db =>
        {
            db.CouponRedemptions.Add(new CouponRedemption { CouponId = first.CouponId, CustomerId = first.CustomerId, OrderId = first.OrderId + 100_000, OncePerCustomer = true, CreatedAt = DateTimeOffset.UtcNow });
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });
        Assert.True(second is DbUpdateException e && DatabaseErrors.IsUniqueViolation(e), second?.ToString());
    }

    [Fact]
    public async Task A_saved_coupon_is_checked_when_saved_and_used_up_by_the_order_that_applies_it()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var customerId = await Servers.UserIdAsync(factory, email);
        var code = await AddCouponAsync(_ => { });
        await using var scope = factory.Services.CreateAsyncScope();
        var orders = scope.ServiceProvider.GetRequiredService<Checkout>();

        Assert.Contains("no coupon", await orders.SaveCouponAsync(customerId, "NOT-A-CODE", CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(await orders.SaveCouponAsync(customerId, code.ToLowerInvariant(), CancellationToken.None));
        Assert.Equal(code, await BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Id == customerId).Select(u => u.SavedCouponCode).FirstAsync()));

        var placed = await orders.PlaceAsync(customerId, new OrderRequest("game-small", "minecraft-paper", "Saved", code), CancellationToken.None);

        Assert.Equal(OrderOutcome.Placed, placed.Outcome);
        Assert.Null(await BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Id == customerId).Select(u => u.SavedCouponCode).FirstAsync()));
    }
}
