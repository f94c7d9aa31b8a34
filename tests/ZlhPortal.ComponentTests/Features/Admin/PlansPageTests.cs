using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Web.Features.Admin.Pages;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.ComponentTests.Features.Admin;

public sealed class PlansPageTests : PortalTestContext
{
    public PlansPageTests()
    {
        Services.AddScoped<CatalogAdministration>();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new BillingOptions()));
        AddAuthorization().SetAuthorized("admin@example.test").SetRoles("Admin");
    }

    [Fact]
    public async Task Retiring_a_plan_takes_it_off_sale_and_reactivating_puts_it_back()
    {
        var page = Render<PlansPage>();
        var first = (await FirstPlanAsync())!;
        page.WaitForAssertion(() => Assert.Contains(first.Name, page.Markup));

        page.FindAll("tbody tr")[0].QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Retire").Click();

        page.WaitForAssertion(() => Assert.Contains("Retired", page.FindAll("tbody tr")[0].TextContent));
        Assert.False((await FirstPlanAsync())!.Active);

        page.FindAll("tbody tr")[0].QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Reactivate").Click();

        page.WaitForAssertion(() => Assert.Contains("On sale", page.FindAll("tbody tr")[0].TextContent));
        Assert.True((await FirstPlanAsync())!.Active);
    }

    [Fact]
    public async Task Moving_the_first_plan_down_swaps_it_with_the_second()
    {
        var before = await OrderedSlugsAsync();
        var page = Render<PlansPage>();
        page.WaitForAssertion(() => Assert.Equal(before.Count, page.FindAll("tbody tr").Count));

        page.FindAll("tbody tr")[0].QuerySelector("button[aria-label='Move down']")!.Click();

        // The click's handler saves, then re-renders: once the page shows the new order, the database holds it too.
        page.WaitForAssertion(() => Assert.Contains(before[1], page.FindAll("tbody tr")[0].TextContent));
        Assert.Equal([before[1], before[0], .. before.Skip(2)], await OrderedSlugsAsync());
    }

    private async Task<Plan?> FirstPlanAsync()
    {
        await using var db = CreateDb();
        return await db.Plans.AsNoTracking().OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id).FirstOrDefaultAsync();
    }

    private async Task<List<string>> OrderedSlugsAsync()
    {
        await using var db = CreateDb();
        return await db.Plans.AsNoTracking().OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id).Select(p => p.Slug).ToListAsync();
    }
}
