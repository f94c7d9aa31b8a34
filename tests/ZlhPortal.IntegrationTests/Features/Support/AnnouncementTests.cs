using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Support.Announcements;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Support;

public sealed class AnnouncementTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(Start);

    private async Task PostAsync(string title, string? node, TimeSpan startsIn, TimeSpan lasts)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var adminId = await Servers.UserIdAsync(factory, PortalAppFactory.AdminEmail);
        var now = factory.Time!.GetUtcNow();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<AnnouncementBoard>().CreateAsync(
            new AnnouncementInput(title, "Expect a short restart.", AnnouncementSeverity.Maintenance, node, now + startsIn, now + startsIn + lasts), adminId));
    }

    private async Task<PortalClient> CustomerAsync(string email)
    {
        var client = factory.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email)).StatusCode);
        return client;
    }

    private static async Task<string> PageAsync(PortalClient client) => WebUtility.HtmlDecode(await client.GetStringAsync("/support/tickets"));

    [Fact]
    public async Task An_announcement_for_everyone_shows_only_between_its_start_and_end()
    {
        var email = await AccountJourney.CreateAsync(factory, Roles.Customer);
        using var client = await CustomerAsync(email);
        using var api = await AccountJourney.ApiClientAsync(factory, email);
        await PostAsync("Database upgrade tonight", node: null, startsIn: TimeSpan.FromHours(1), lasts: TimeSpan.FromHours(2));

        Assert.DoesNotContain("Database upgrade tonight", await PageAsync(client));

        factory.Time!.Advance(TimeSpan.FromMinutes(61));
        Assert.Contains("Database upgrade tonight", await PageAsync(client));
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/v1/announcements");
        Assert.Equal("maintenance", Assert.Single(listed.EnumerateArray()).GetProperty("severity").GetString());

        factory.Time.Advance(TimeSpan.FromHours(2));
        Assert.DoesNotContain("Database upgrade tonight", await PageAsync(client));
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/v1/announcements")).EnumerateArray());
    }

    [Fact]
    public async Task A_node_announcement_shows_only_to_customers_with_a_server_on_that_node()
    {
        var onNode = await AccountJourney.CreateAsync(factory, Roles.Customer);
        var elsewhere = await AccountJourney.CreateAsync(factory, Roles.Customer);
        var server = await RunningServers.CreateAsync(factory.Services, onNode);
        var node = (await Servers.GetAsync(factory, server.Id)).Node!;
        await PostAsync($"Incident on {node}", node, TimeSpan.Zero, TimeSpan.FromHours(1));
        await PostAsync("For everyone", node: null, TimeSpan.Zero, TimeSpan.FromHours(1));
        using var affected = await CustomerAsync(onNode);
        using var other = await CustomerAsync(elsewhere);

        var affectedPage = await PageAsync(affected);
        var otherPage = await PageAsync(other);

        Assert.Contains($"Incident on {node}", affectedPage);
        Assert.Contains("For everyone", affectedPage);
        Assert.DoesNotContain($"Incident on {node}", otherPage);
        Assert.Contains("For everyone", otherPage);
    }

    [Fact]
    public async Task Only_admins_with_two_factor_manage_announcements()
    {
        using var customer = await CustomerAsync(await AccountJourney.CreateAsync(factory, Roles.Customer));
        var supportEmail = await AccountJourney.CreateAsync(factory, Roles.Support);
        using var support = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(support, supportEmail, await AccountJourney.EnableTwoFactorAsync(factory, supportEmail));
        var adminEmail = await AccountJourney.CreateAsync(factory, Roles.Admin);
        using var admin = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(admin, adminEmail, await AccountJourney.EnableTwoFactorAsync(factory, adminEmail));
        await PostAsync("Listed for admins", node: null, TimeSpan.FromDays(1), TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/admin/announcements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/admin/announcements")).StatusCode);
        var page = await admin.GetAsync("/admin/announcements");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Listed for admins", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }

    public void Dispose() => factory.Dispose();
}
