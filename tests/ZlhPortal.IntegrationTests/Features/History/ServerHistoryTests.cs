using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.IntegrationTests.Features.History;

/// <summary>A server's timeline: who did what and what happened, newest first; "why did my server stop?" answered by the line at that time.</summary>
public sealed class ServerHistoryTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_stop_the_customer_asked_for_is_the_newest_line_with_their_email_after_the_setup_lines()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, email);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Why Stopped"), ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();

        Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Stop)).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Stopped);

        var lines = (await History().ListAsync(server.Id, ownerId))!;
        Assert.Equal((HistoryKind.Power, email, "Stop requested."), (lines[0].Kind, lines[0].Actor, lines[0].Text));
        Assert.Equal(["Created for you by ZeroLagHub; setup started.", "Set up and running."],
            lines.Where(l => l.Kind == HistoryKind.Setup).Select(l => l.Text).Reverse());
        Assert.True(lines.Zip(lines.Skip(1)).All(pair => pair.First.At >= pair.Second.At), "newest first");
        Assert.Null(await History().ListAsync(server.Id, await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"))));
    }

    [Fact]
    public async Task A_crash_loop_killed_for_memory_is_written_once_per_crash_however_often_it_is_read()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, email);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Memory Hog"), ServerStatus.Running);
        var monitor = factory.Services.GetRequiredService<AgentStatusMonitor>();
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { agentCrashLoop = new[] { server.Vmid!.Value } });
        try
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Restart)).Accepted);
            }

            await Eventually.UntilAsync(async () =>
            {
                await monitor.PollAsync(full: true, CancellationToken.None);
                return monitor.Get(server.Id)?.Status?.CrashCount ?? 0;
            }, crashes => crashes >= 1, what: "the agent counting a crash");
        }
        finally
        {
            await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        }

        await monitor.PollAsync(full: true, CancellationToken.None);
        await monitor.PollAsync(full: true, CancellationToken.None);
        var crashes = monitor.Get(server.Id)!.Status!.CrashCount;
        var lines = (await History().ListAsync(server.Id, ownerId, HistoryKind.OutOfMemory))!;
        Assert.Equal(lines.Count, lines.Select(l => l.Text).Distinct().Count());
        var newest = lines[0];
        Assert.Equal(HistoryActors.Server, newest.Actor);
        Assert.Contains("out-of-memory killer (exit code 137)", newest.Text);
        Assert.Contains(crashes == 1 ? "the first crash" : $"{crashes} crashes so far", newest.Text);
    }

    [Fact]
    public async Task A_suspension_for_an_unpaid_invoice_names_billing_and_the_invoice_and_its_lifting_too()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, email);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Unpaid"), ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.True((await lifecycle.SuspendAsync(server.Id, default, HistoryActors.Billing, "invoice ZLH-2026-0042 is overdue")).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Suspended);
        Assert.True((await lifecycle.UnsuspendAsync(server.Id, default, HistoryActors.Billing, "the overdue invoices are paid")).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);

        var lines = (await History().ListAsync(server.Id, ownerId, HistoryKind.Suspension))!.Reverse().ToList();
        Assert.Equal(
        [
            (HistoryActors.Billing, "Suspended: invoice ZLH-2026-0042 is overdue"),
            (HistoryActors.Platform, "Suspended: stopped, and closed to players."),
            (HistoryActors.Billing, "Suspension lifted (the overdue invoices are paid); the server is started again."),
        ], lines.Select(l => (l.Actor, l.Text)));
    }

    [Fact]
    public async Task The_api_lists_newest_first_filters_by_kind_pages_with_before_and_hides_other_tenants_servers()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, email);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Api History"), ServerStatus.Running);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Restart)).Accepted);
        }

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        using var client = await AccountJourney.ApiClientAsync(factory, email);
        using var stranger = await AccountJourney.ApiClientAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var root = $"/api/v1/servers/{server.Id}/history";

        var all = await client.GetFromJsonAsync<JsonElement[]>(root);
        Assert.Equal(("power", email, "Restart requested."),
            (all![0].GetProperty("kind").GetString(), all[0].GetProperty("actor").GetString(), all[0].GetProperty("text").GetString()));
        Assert.True(all[0].GetProperty("at").GetDateTimeOffset() >= all[^1].GetProperty("at").GetDateTimeOffset());
        var setup = await client.GetFromJsonAsync<JsonElement[]>($"{root}?kind=setup");
        Assert.All(setup!, e => Assert.Equal("setup", e.GetProperty("kind").GetString()));
        Assert.Equal(2, setup!.Length);
        var older = await client.GetFromJsonAsync<JsonElement[]>($"{root}?before={Uri.EscapeDataString(all[0].GetProperty("at").GetString()!)}");
        Assert.All(older!, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() < all[0].GetProperty("at").GetDateTimeOffset()));
        Assert.Equal(all.Length - 1, older!.Length);

        var bad = await client.GetAsync($"{root}?kind=explosions");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("out-of-memory", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(root)).StatusCode);
    }

    private ServerHistory History() => factory.Services.GetRequiredService<ServerHistory>();
}
