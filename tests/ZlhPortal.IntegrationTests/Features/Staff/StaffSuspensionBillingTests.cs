using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Staff;

/// <summary>A suspension staff made by hand and billing's suspension for an unpaid invoice: each is lifted only by whoever made it.</summary>
public sealed class StaffSuspensionBillingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(Start);

    public void Dispose() => factory.Dispose();

    private async Task<(HttpClient Customer, int ServerId)> PaidServerAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = await BillingApiClient.ForAsync(factory, email);
        var invoiceId = (await BillingApiClient.OrderAsync(client, name: "Rule Breaker")).GetProperty("invoice").GetProperty("id").GetInt32();
        var serverId = (await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serverId").GetInt32();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
        return (client, serverId);
    }

    /// <summary>The renewal is issued and left unpaid until billing suspends the server for it (or finds it suspended already).</summary>
    private async Task GoOverdueAsync()
    {
        factory.Time!.SetUtcNow(new DateTimeOffset(2026, 2, 21, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).InvoicesIssued);
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await BillingApiClient.RunBillingAsync(factory)).Suspended);
    }

    private static async Task PayOverdueAsync(HttpClient customer)
    {
        var open = (await customer.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices"))!.Single(i => i.GetProperty("status").GetString() == "Open");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, open.GetProperty("id").GetInt32())).StatusCode);
    }

    private async Task ReconcileAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll: false, CancellationToken.None);
    }

    [Fact]
    public async Task Paying_the_overdue_invoice_leaves_a_staff_suspension_in_place_until_an_admin_lifts_it()
    {
        var (customer, serverId) = await PaidServerAsync();
        var (_, admin) = await StaffClients.StaffAsync(factory, "Admin");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/suspend", new { reason = "Abuse report" })).StatusCode);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);
        await GoOverdueAsync();

        await PayOverdueAsync(customer);
        await BillingApiClient.RunBillingAsync(factory);
        await ReconcileAsync();

        var server = await Servers.GetAsync(factory, serverId);
        Assert.Equal(ServerStatus.Suspended, server.Status);
        Assert.Equal(ServerOperation.None, server.Operation);
        Assert.Equal("Abuse report", server.StaffSuspendedReason);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/unsuspend", new { reason = "Resolved" })).StatusCode);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
    }

    [Fact]
    public async Task Lifting_a_staff_suspension_keeps_the_server_suspended_while_its_invoice_is_unpaid()
    {
        var (customer, serverId) = await PaidServerAsync();
        var (_, admin) = await StaffClients.StaffAsync(factory, "Admin");
        await GoOverdueAsync();
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Suspended);

        var suspend = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/suspend", new { reason = "Abuse report" });
        var lift = await admin.PostAsJsonAsync($"/api/v1/admin/servers/{serverId}/unsuspend", new { reason = "Resolved" });
        await ReconcileAsync();

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, lift.StatusCode);
        var held = await Servers.GetAsync(factory, serverId);
        Assert.Equal(ServerStatus.Suspended, held.Status);
        Assert.Null(held.StaffSuspendedReason);
        Assert.Contains(await customer.GetFromJsonAsync<JsonElement[]>($"/api/v1/servers/{serverId}/history") ?? [],
            e => e.GetProperty("text").GetString()!.Contains("stays suspended because an invoice for it is overdue", StringComparison.Ordinal));

        await PayOverdueAsync(customer);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running);
    }
}
