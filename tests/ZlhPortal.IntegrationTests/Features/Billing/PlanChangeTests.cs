using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>Plan changes on a running subscription, on a fake clock: prorated upgrade, downgrade now or at renewal, cancel at period end.</summary>
public sealed class PlanChangeTests : IDisposable
{
    // Paid on 1 April 12:00: the period is 1 April – 1 May (30 days).
    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => factory.Dispose();

    private async Task<(HttpClient Client, int ServerId, int Vmid)> RunningServerAsync()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Growing")).GetProperty("invoice").GetProperty("id").GetInt32();
        var serverId = (await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        var server = await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
        return (client, serverId, server.Vmid!.Value);
    }

    private async Task<JsonElement> ContainerAsync(int vmid) =>
        (await Servers.InventoryAsync(factory)).GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("vmid").GetInt32() == vmid);

    [Fact]
    public async Task An_upgrade_charges_the_prorated_difference_and_after_payment_applies_the_resources_live()
    {
        var (client, serverId, vmid) = await RunningServerAsync();
        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 4, 16, 12, 0, 0, TimeSpan.Zero)); // 15 of 30 days left

        var quote = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{serverId}/plan?plan=game-large");
        Assert.True(quote.GetProperty("upgrade").GetBoolean());
        Assert.Equal(600, quote.GetProperty("net").GetInt64()); // (18.99 − 6.99) × 15 / 30
        Assert.Equal(600 + 114, quote.GetProperty("amount").GetInt64());

        var change = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-large" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        var invoice = (await change.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invoice");
        Assert.Equal("Open", invoice.GetProperty("status").GetString());
        Assert.Equal(714, invoice.GetProperty("total").GetInt64());
        Assert.Equal("game-small", (await Servers.GetAsync(factory, serverId)).PlanSlug);
        var again = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-large" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(client, invoice.GetProperty("id").GetInt32())).StatusCode);

        await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s.PlanSlug == "game-large", what: "server on the large plan");
        var container = await ContainerAsync(vmid);
        Assert.Equal(8192, container.GetProperty("memoryMb").GetInt32());
        Assert.Equal(4, container.GetProperty("cores").GetInt32());
        Assert.True(container.GetProperty("diskGb").GetDouble() >= 50);
        Assert.Equal("running", container.GetProperty("status").GetString()); // no reinstall, no restart
        var history = await Eventually.UntilAsync(() => factory.Services.GetRequiredService<ServerHistory>().ListAsync(serverId, null, HistoryKind.Plan),
            lines => lines!.Count > 0, what: "the plan change in the history");
        Assert.Equal("Moved to the Game L plan: 4 cores, 8192 MB memory, 50 GB disk.", Assert.Single(history!).Text);

        // The next renewal is at the new price; the due date did not move.
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 4, 24, 12, 0, 0, TimeSpan.Zero));
        await BillingApiClient.RunBillingAsync(factory);
        var renewal = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices"))!.Single(i => i.GetProperty("kind").GetString() == "Renewal");
        Assert.Equal(1899, renewal.GetProperty("subtotal").GetInt64());
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), renewal.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_downgrade_now_credits_the_unused_days_and_one_at_renewal_changes_the_next_invoice()
    {
        var (client, serverId, vmid) = await RunningServerAsync();
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(client,
            (await (await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-medium" })).Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("invoice").GetProperty("id").GetInt32())).StatusCode);
        await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s.PlanSlug == "game-medium", what: "server on the medium plan");

        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 4, 21, 12, 0, 0, TimeSpan.Zero)); // 10 of 30 days left
        var down = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-small", when = "now" });
        var body = await down.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Equal(-167, body.GetProperty("net").GetInt64()); // (6.99 − 11.99) × 10 / 30 = −1.6667
        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit");
        Assert.Equal(167 + 32, credit.GetProperty("balance").GetInt64());
        await Eventually.UntilAsync(() => Servers.GetAsync(factory, serverId), s => s.PlanSlug == "game-small", what: "server back on the small plan");
        Assert.Equal(4096, (await ContainerAsync(vmid)).GetProperty("memoryMb").GetInt32());
        Assert.True((await ContainerAsync(vmid)).GetProperty("diskGb").GetDouble() >= 30); // disks only grow

        var bad = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-medium", when = "yesterday" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var wrongKind = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "dev-small" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        var stranger = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/servers/{serverId}/plan", new { plan = "game-large" })).StatusCode);
    }

    [Fact]
    public async Task Cancelling_at_period_end_stops_renewals_and_deletes_the_server_when_the_period_is_over()
    {
        var (client, serverId, _) = await RunningServerAsync();
        var cancel = await client.PostAsJsonAsync($"/api/v1/servers/{serverId}/cancel", new { atPeriodEnd = true });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 4, 28, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await BillingApiClient.RunBillingAsync(factory)).InvoicesIssued);
        Assert.Equal(ServerStatus.Running, (await Servers.GetAsync(factory, serverId)).Status);

        factory.Time.SetUtcNow(new DateTimeOffset(2026, 5, 1, 12, 0, 1, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).Ended);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Deleted);
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync()));
    }
}
