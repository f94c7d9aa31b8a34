using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.EndToEndTests.Features.Servers;

public sealed class ServerGraphsJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_customer_sees_their_running_servers_usage_drawn_and_switches_to_the_week()
    {
        var customer = await CreateAccountAsync("grapher");
        var server = await RunningServers.CreateAsync(Portal.Services, customer);
        await RunningServers.AgeAsync(Portal.Services, server.Vmid, TimeSpan.FromDays(3));
        await SignInAsync(customer);

        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{server.Id}");
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Usage" }).ClickAsync();

        // A drawn line has an area on screen; a path with a single point (or none) does not count as visible.
        var cpuLine = Page.Locator("[data-testid=server-graphs] [data-chart=cpu] svg path.mud-chart-serie").First;
        await Page.Locator("[data-testid=server-graphs][data-timeframe=hour]").WaitForAsync();
        await cpuLine.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        foreach (var chart in new[] { "memory", "network", "disk" })
        {
            await Assertions.Expect(Page.Locator($"[data-testid=server-graphs] [data-chart={chart}] svg path.mud-chart-serie").First).ToBeVisibleAsync();
        }

        var hourLine = await cpuLine.GetAttributeAsync("d");

        await Page.Locator("[data-testid=server-graphs]").GetByText("Week", new() { Exact = true }).ClickAsync();

        await Page.Locator("[data-testid=server-graphs][data-timeframe=week]").WaitForAsync();
        await cpuLine.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.NotEqual(hourLine, await cpuLine.GetAttributeAsync("d"));

        // On the dark theme the axis labels follow the palette's text colour instead of staying dark on dark.
        var axisLabel = Page.Locator("[data-testid=server-graphs] [data-chart=cpu] .mud-charts-yaxis text").First;
        const string Fill = "e => getComputedStyle(e).fill";
        var lightFill = await axisLabel.EvaluateAsync<string>(Fill);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" }).WaitForAsync();
        Assert.NotEqual(lightFill, await axisLabel.EvaluateAsync<string>(Fill));
        await cpuLine.WaitForAsync(new() { State = WaitForSelectorState.Visible });
    }
}
