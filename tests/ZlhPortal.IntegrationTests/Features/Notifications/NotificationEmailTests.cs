using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Notifications;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.IntegrationTests.Features.Notifications;

/// <summary>Emails about what happens to a server, read from its history: each sent once, and only to those who want it.</summary>
public sealed class NotificationEmailTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_new_servers_owner_gets_one_ready_email_however_often_the_line_is_read()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, email);
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Ready World"), ServerStatus.Running);

        var mail = await factory.Mailbox.ArrivalAsync(email, "Ready World", "is ready");
        Assert.Contains($"/servers/{server.Id}", mail.TextBody);

        // Another instance, or a retried job, reading the same line.
        var line = (await factory.Services.GetRequiredService<ServerHistory>().ListAsync(server.Id, ownerId, HistoryKind.Setup))!
            .Single(l => l.Text == HistoryTexts.SetUp);
        await factory.Services.GetRequiredService<HistoryNotifications>()
            .SavedAsync(new SavedHistoryEntry(line.Id, server.Id, ownerId, line.At, line.Kind, line.Actor, line.Text), CancellationToken.None);
        await factory.Services.GetRequiredService<EmailOutbox>().DeliverAsync(CancellationToken.None);

        Assert.Single(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("is ready", StringComparison.Ordinal));
        Assert.Equal(1, await NotificationCountAsync(server.Id, NotificationKind.ServerReady));
    }

    [Fact]
    public async Task An_owner_who_turned_ready_emails_off_gets_none()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = await AccountJourney.ApiClientAsync(factory, email);
        (await client.PutAsJsonAsync("/api/v1/account/notifications", new { serverReady = false })).EnsureSuccessStatusCode();

        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Quiet World"), ServerStatus.Running);
        await Eventually.UntilAsync(() => NotificationCountAsync(server.Id, NotificationKind.ServerReady), n => n == 1, what: "the ready notification");
        await factory.Services.GetRequiredService<EmailOutbox>().DeliverAsync(CancellationToken.None);

        Assert.DoesNotContain(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("is ready", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suspension_by_staff_and_its_lifting_by_billing_send_one_email_each()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Naughty World"), ServerStatus.Running);
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.True((await lifecycle.SuspendAsync(server.Id, default, HistoryActors.Support, "abuse report 17")).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Suspended);
        var suspended = await factory.Mailbox.ArrivalAsync(email, "Naughty World", "is suspended");
        Assert.Contains("abuse report 17", suspended.TextBody);
        Assert.True((await lifecycle.UnsuspendAsync(server.Id, default, HistoryActors.Billing, "the overdue invoices are paid")).Accepted);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        await factory.Mailbox.ArrivalAsync(email, "Naughty World", "no longer suspended");

        await factory.Services.GetRequiredService<EmailOutbox>().DeliverAsync(CancellationToken.None);
        Assert.Single(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("is suspended", StringComparison.Ordinal));
        Assert.Single(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("no longer suspended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_backup_emails_the_owner_with_the_reason_and_an_owner_who_wants_no_memory_mails_gets_none()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var ownerId = await Servers.UserIdAsync(factory, email);
        using (var client = await AccountJourney.ApiClientAsync(factory, email))
        {
            (await client.PutAsJsonAsync("/api/v1/account/notifications", new { outOfMemory = false })).EnsureSuccessStatusCode();
        }

        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Fragile World"), ServerStatus.Running);
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new
        {
            taskFailures = new[] { new { type = "vzdump", exitStatus = "job errors", count = 1 } },
            agentCrashLoop = new[] { server.Vmid!.Value },
        });
        try
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var backup = await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Provisioning.Backups.ServerBackups>()
                .CreateAsync(server.Id, ownerId, "Nightly", null, locked: false);
            Assert.True(backup.Accepted, backup.Request.Message);
            var mail = await factory.Mailbox.ArrivalAsync(email, "A backup of Fragile World failed");
            Assert.Contains("Backup 'Nightly' failed", mail.TextBody);

            // The game now crashes for memory; the line is written, the owner asked for no such mail.
            await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(server.Id, ownerId, PowerAction.Restart)).Accepted);
            var monitor = factory.Services.GetRequiredService<ZlhPortal.Web.Features.Provisioning.Status.AgentStatusMonitor>();
            await Eventually.UntilAsync(async () =>
            {
                await monitor.PollAsync(full: true, CancellationToken.None);
                return await NotificationCountAsync(server.Id, NotificationKind.OutOfMemory);
            }, n => n >= 1, what: "the out-of-memory notification");
        }
        finally
        {
            await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        }

        await factory.Services.GetRequiredService<EmailOutbox>().DeliverAsync(CancellationToken.None);
        Assert.DoesNotContain(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("ran out of memory", StringComparison.Ordinal));
        Assert.Single(factory.Mailbox.MessagesTo(email), m => m.Subject!.Contains("backup", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_api_reads_all_on_by_default_and_changes_only_the_switches_sent()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = await AccountJourney.ApiClientAsync(factory, email);

        var initial = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/notifications");
        Assert.All(new[] { "serverReady", "crashLoop", "outOfMemory", "backupFailed", "suspension", "renewal" },
            name => Assert.True(initial.GetProperty(name).GetBoolean(), name));

        var put = await client.PutAsJsonAsync("/api/v1/account/notifications", new { crashLoop = false, renewal = false });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/notifications");
        Assert.Equal((false, false, true, true), (read.GetProperty("crashLoop").GetBoolean(), read.GetProperty("renewal").GetBoolean(),
            read.GetProperty("serverReady").GetBoolean(), read.GetProperty("suspension").GetBoolean()));

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/account/notifications")).StatusCode);
    }

    private async Task<int> NotificationCountAsync(int serverId, NotificationKind kind)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Notifications.CountAsync(n => n.ServerId == serverId && n.Kind == kind);
    }
}
