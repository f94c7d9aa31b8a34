using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Catalog;

public sealed class CatalogAdministrationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly PlanInput Xl = new("game-xl", "Game XL", ServerKind.Game, "For big worlds", 4, 8192, 60, 4, 2999, 500);

    [Fact]
    public async Task A_new_plan_sells_and_retiring_or_repricing_it_leaves_the_servers_and_subscriptions_sold_on_it_alone()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogAdministration>();
        Assert.Null(await catalog.CreatePlanAsync(Xl, "EUR"));
        var customer = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var placed = await BillingApiClient.OrderAsync(customer, plan: "game-xl", name: "Big World");
        Assert.Equal(2999 + 500 + 665, placed.GetProperty("invoice").GetProperty("total").GetInt64()); // 34.99 + 19 % VAT
        var paid = await BillingApiClient.PayAsync(customer, placed.GetProperty("invoice").GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var plan = (await catalog.ListPlansAsync()).Single(p => p.Slug == "game-xl");

        Assert.Null(await catalog.UpdatePlanAsync(plan.Id, Xl with { MonthlyPriceMinor = 3999 }));
        Assert.True(await catalog.SetPlanActiveAsync(plan.Id, false));

        var refused = await customer.PostAsJsonAsync("/api/v1/orders", new { plan = "game-xl", template = "minecraft-paper", name = "Another" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("on sale", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var server = await BillingApiClient.WithDbAsync(factory, db => db.Servers.AsNoTracking().SingleAsync(s => s.Name == "Big World"));
        Assert.Equal(plan.Id, server.PlanId);
        Assert.NotEqual(ServerStatus.Deleted, server.Status);
        Assert.Equal(2999, await BillingApiClient.WithDbAsync(factory, db => db.Subscriptions.Where(s => s.ServerId == server.Id).Select(s => s.MonthlyPriceMinor).SingleAsync()));

        Assert.True(await catalog.SetPlanActiveAsync(plan.Id, true));
        Assert.Equal(3999 + 500 + 855, (await BillingApiClient.OrderAsync(customer, plan: "game-xl", name: "Another")).GetProperty("invoice").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Bad_plan_input_is_refused_with_a_message_and_nothing_is_stored()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogAdministration>();
        var before = (await catalog.ListPlansAsync()).Count;

        Assert.Contains("slug", await catalog.CreatePlanAsync(Xl with { Slug = "Game XL!" }, "EUR"));
        Assert.Contains("exists", await catalog.CreatePlanAsync(Xl with { Slug = "game-small" }, "EUR"));
        Assert.Contains("name", await catalog.CreatePlanAsync(Xl with { Slug = "game-x2", Name = " " }, "EUR"));
        Assert.Contains("price", await catalog.CreatePlanAsync(Xl with { Slug = "game-x2", MonthlyPriceMinor = -1 }, "EUR"));
        Assert.Contains("Memory", await catalog.CreatePlanAsync(Xl with { Slug = "game-x2", MemoryMb = 0 }, "EUR"));
        Assert.Contains("no longer exists", await catalog.UpdatePlanAsync(999_999, Xl));
        Assert.Contains("name", await catalog.UpdateTemplateAsync(1, "", true, 0));

        Assert.Equal(before, (await catalog.ListPlansAsync()).Count);
    }
}
