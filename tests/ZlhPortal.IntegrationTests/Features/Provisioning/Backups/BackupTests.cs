using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Backups;

/// <summary>Backups and restore against the simulator's Proxmox Backup Server storage: slots, rotation, locks, restore, a crash mid-restore.</summary>
public sealed class BackupTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string World = "world/level.dat";

    [Fact]
    public async Task A_backup_lands_on_the_backup_storage_with_its_name_and_size_and_frees_the_server_again()
    {
        var (owner, server) = await ServerAsync("Backed Up");

        var result = await WithBackupsAsync(b => b.CreateAsync(server.Id, owner, "Before the update", "Version 1.21 world", locked: false));
        Assert.True(result.Accepted, result.Request.Message);
        var backup = await ReadyAsync(server.Id, result.BackupId!.Value, owner);
        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);

        Assert.Equal(("Before the update", "Version 1.21 world", false), (backup.Name, backup.Notes, backup.Locked));
        Assert.True(backup.SizeBytes > 0);
        var stored = await StoredAsync(after);
        var archive = Assert.Single(stored);
        Assert.StartsWith($"pbs:backup/ct/{server.Vmid}/", archive.VolId);
        Assert.Equal("Before the update", archive.Notes);
        Assert.Equal(ServerStatus.Running, after.Status);
    }

    [Fact]
    public async Task A_new_backup_beyond_the_plan_s_slots_replaces_the_oldest_unlocked_one_and_is_refused_when_all_are_locked()
    {
        // game-small has one backup slot.
        var (owner, server) = await ServerAsync("One Slot");
        var first = await MadeAsync(server.Id, owner, "First");

        var second = await WithBackupsAsync(b => b.CreateAsync(server.Id, owner, "Second", null, locked: false));
        Assert.True(second.Accepted, second.Request.Message);
        Assert.Contains("replaces 'First'", second.Request.Message);
        await ReadyAsync(server.Id, second.BackupId!.Value, owner);
        var list = await Eventually.UntilAsync(() => WithBackupsAsync(b => b.ListAsync(server.Id, owner)), l => l!.Backups.Count == 1, what: "the first backup rotated away");
        Assert.Equal("Second", list!.Backups.Single().Name);
        Assert.DoesNotContain(await StoredAsync(server), i => i.VolId == first.VolId);

        Assert.True((await WithBackupsAsync(b => b.SetLockedAsync(server.Id, second.BackupId.Value, owner, true))).Accepted);
        Assert.True((await StoredAsync(server)).Single().Protected);
        var refused = await WithBackupsAsync(b => b.CreateAsync(server.Id, owner, "Third", null, locked: false));
        Assert.Equal(ServerRequestOutcome.Conflict, refused.Request.Outcome);
        Assert.Contains("locked", refused.Request.Message);
        var delete = await WithBackupsAsync(b => b.DeleteAsync(server.Id, second.BackupId.Value, owner));
        Assert.Equal(ServerRequestOutcome.Conflict, delete.Outcome);
        Assert.Contains("Unlock", delete.Message);

        Assert.True((await WithBackupsAsync(b => b.SetLockedAsync(server.Id, second.BackupId.Value, owner, false))).Accepted);
        Assert.True((await WithBackupsAsync(b => b.DeleteAsync(server.Id, second.BackupId.Value, owner))).Accepted);
        await Eventually.UntilAsync(() => WithBackupsAsync(b => b.ListAsync(server.Id, owner)), l => l!.Backups.Count == 0, what: "the backup deleted");
        Assert.Empty(await StoredAsync(server));
    }

    [Fact]
    public async Task Restoring_brings_the_world_back_and_keeps_the_address_and_a_safety_backup_of_what_was_replaced()
    {
        // game-medium has two slots: one for the backup, one for the safety backup the restore makes.
        var (owner, server) = await ServerAsync("Time Machine", plan: "game-medium");
        await WriteAsync(server, World, "seed 1");
        var backup = await MadeAsync(server.Id, owner, "Good world");
        await WriteAsync(server, World, "griefed");

        var restore = await WithBackupsAsync(b => b.RestoreAsync(server.Id, backup.Id, owner));
        Assert.True(restore.Accepted, restore.Message);
        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);

        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.All(after.Steps.Where(s => ServerSteps.Restore.Contains(s.Step)), s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.Equal((server.Vmid, server.Node, server.IpAddress, server.Hostname), (after.Vmid, after.Node, after.IpAddress, after.Hostname));
        Assert.Equal("seed 1", await ReadAsync(after, World));
        var list = (await WithBackupsAsync(b => b.ListAsync(server.Id, owner)))!;
        var safety = Assert.Single(list.Backups, b => b.Origin == BackupOrigin.SafetyCopy);
        Assert.Equal((BackupState.Ready, "Before restoring Good world"), (safety.State, safety.Name));
        Assert.NotNull(list.Backups.Single(b => b.Id == backup.Id).LastRestoredAt);
        var history = factory.Services.GetRequiredService<ServerHistory>();
        var lines = (await history.ListAsync(server.Id, owner))!.Where(l => l.Kind is HistoryKind.Backup or HistoryKind.Restore).Select(l => l.Text).Reverse().ToList();
        Assert.Equal("Backup 'Good world' requested.", lines[0]);
        Assert.StartsWith("Backup 'Good world' made (", lines[1]);
        Assert.StartsWith("Restore of backup 'Good world' (", lines[2]);
        Assert.StartsWith("Backup 'Before restoring Good world' made (", lines[3]);
        Assert.Equal("Restored and running.", lines[4]);

        // The safety backup undoes the restore.
        Assert.True((await WithBackupsAsync(b => b.RestoreAsync(server.Id, safety.Id, owner))).Accepted);
        var undone = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        Assert.Equal("griefed", await ReadAsync(undone, World));
    }

    [Fact]
    public async Task A_restore_cut_short_by_a_crash_is_finished_by_the_reconciler()
    {
        var (owner, server) = await ServerAsync("Crashed Mid Restore");
        await WriteAsync(server, World, "before");
        var backup = await MadeAsync(server.Id, owner, "Saved");
        await WriteAsync(server, World, "after");
        var proxmox = factory.Services.GetRequiredService<ProxmoxClient>();
        var lxc = proxmox.Nodes[server.Node!].Lxc;
        await proxmox.WaitForTaskAsync((await lxc[server.Vmid!.Value].Status.Stop.CreateAsync()).GetDataOrThrow(), TimeSpan.FromMinutes(1));

        // What the portal leaves when it dies during the restore step: the slot claimed, the safety step done, the
        // restore task started on Proxmox, and no job to wait for it.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            await db.ServerBackups.Where(b => b.Id == backup.Id).ExecuteUpdateAsync(u => u.SetProperty(b => b.RestoreRequestedAt, now));
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Operation, ServerOperation.Restore).SetProperty(s => s.OperationStartedAt, now).SetProperty(s => s.Status, ServerStatus.Stopped));
            db.ServerSteps.AddRange(ServerSteps.Restore.Where(step => step is ProvisioningStep.SafetyBackup or ProvisioningStep.Restore or ProvisioningStep.StartGame)
                .Select(step => new ServerStep { ServerId = server.Id, Step = step, State = step == ProvisioningStep.SafetyBackup ? StepState.Succeeded : StepState.Pending }));
            await db.SaveChangesAsync();
            var reset = ServerSteps.Restore.ToList();
            await db.ServerSteps.Where(s => s.ServerId == server.Id && reset.Contains(s.Step) && s.Step != ProvisioningStep.SafetyBackup)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, StepState.Pending));
            await db.ServerSteps.Where(s => s.ServerId == server.Id && s.Step == ProvisioningStep.Restore)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, StepState.Running));
        }

        var rootfs = (await lxc[server.Vmid.Value].Config.GetAsync()).GetDataOrThrow().RootFs!;
        var started = await lxc.RestoreAsync(new LxcRestoreRequest(server.Vmid.Value, backup.VolId!) { Force = true, Storage = rootfs.Split(':')[0] });
        Assert.True(started.IsSuccess, started.Error?.ToString());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll: true, CancellationToken.None);
        }

        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.Equal(server.IpAddress, after.IpAddress);
        Assert.Equal("before", await ReadAsync(after, World));
        Assert.False((await WithBackupsAsync(b => b.ListAsync(server.Id, owner)))!.Backups.Single(b => b.Id == backup.Id).Restoring);
    }

    [Fact]
    public async Task A_failed_backup_says_so_takes_no_slot_and_frees_the_server()
    {
        var (owner, server) = await ServerAsync("Unlucky");
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults",
            new { taskFailures = new[] { new { type = "vzdump", exitStatus = "job errors", count = 1 } } });
        try
        {
            var result = await WithBackupsAsync(b => b.CreateAsync(server.Id, owner, "Doomed", null, locked: false));
            Assert.True(result.Accepted, result.Request.Message);
            var failed = await Eventually.UntilAsync(() => WithBackupsAsync(b => b.FindAsync(server.Id, result.BackupId!.Value, owner)),
                b => b!.State == BackupState.Failed, what: "the backup failed");
            Assert.Contains("failed", failed!.Error);
        }
        finally
        {
            await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        }

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        Assert.Equal(0, (await WithBackupsAsync(b => b.ListAsync(server.Id, owner)))!.Used);
        var made = await MadeAsync(server.Id, owner, "Second try");

        // The back office sees the failure and what the customer stores, per node and per customer.
        var usage = await WithBackupsAsync(b => b.UsageAsync(TimeSpan.FromDays(7)));
        var failedRow = Assert.Single(usage.Failed, f => f.ServerId == server.Id);
        Assert.Equal(("Doomed", "Unlucky"), (failedRow.Name, failedRow.ServerName));
        var email = failedRow.OwnerEmail;
        var customer = Assert.Single(usage.ByCustomer, r => r.Key == email);
        Assert.Equal((1, made.SizeBytes!.Value, 1), (customer.Backups, customer.Bytes, customer.Failed));
        Assert.Contains(usage.ByNode, r => r.Key == server.Node && r.Backups >= 1);
    }

    [Fact]
    public async Task Deleting_a_server_removes_its_backups_from_the_storage_locked_ones_too()
    {
        var (owner, server) = await ServerAsync("Going Away", plan: "game-medium");
        var locked = await MadeAsync(server.Id, owner, "Keep me");
        Assert.True((await WithBackupsAsync(b => b.SetLockedAsync(server.Id, locked.Id, owner, true))).Accepted);
        await MadeAsync(server.Id, owner, "And me");
        Assert.Equal(2, (await StoredAsync(server)).Count);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().DeleteAsync(server.Id, owner)).Accepted);
        }

        await Eventually.UntilAsync(() => Servers.GetAsync(factory, server.Id), s => s.Status == ServerStatus.Deleted, what: "the server deleted");
        Assert.Empty(await StoredAsync(server));
    }

    [Fact]
    public async Task The_api_makes_lists_locks_restores_and_deletes_backups_of_own_servers_only()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Api Backups"), ServerStatus.Running);
        using var client = await AccountJourney.ApiClientAsync(factory, email);
        using var stranger = await AccountJourney.ApiClientAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var root = $"/api/v1/servers/{server.Id}/backups";

        var tooLong = await client.PostAsJsonAsync(root, new { name = new string('x', 81) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("80 characters", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(root, new { name = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(root)).StatusCode);

        var created = await client.PostAsJsonAsync(root, new { name = "Api made", locked = true });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{root}/{id + 1000}/restore", null)).StatusCode);
        await ReadyAsync(server.Id, id, await Servers.UserIdAsync(factory, email));
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        var ready = await client.GetFromJsonAsync<JsonElement>($"{root}/{id}");
        Assert.Equal(("ready", true), (ready.GetProperty("state").GetString(), ready.GetProperty("locked").GetBoolean()));

        var list = await client.GetFromJsonAsync<JsonElement>(root);
        Assert.Equal((1, 1), (list.GetProperty("slots").GetInt32(), list.GetProperty("used").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{root}/{id}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"{root}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{root}/{id}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{root}/999999/lock", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{root}/{id}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync(root, new { name = "During restore" })).StatusCode);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"{root}/{id}")).StatusCode);
        var owner = await Servers.UserIdAsync(factory, email);
        await Eventually.UntilAsync(() => WithBackupsAsync(b => b.ListAsync(server.Id, owner)), l => l!.Backups.Count == 0, what: "the backup gone");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(root)).GetProperty("backups").GetArrayLength());
    }

    [Fact]
    public async Task Parallel_requests_for_a_backup_make_one_backup_per_accepted_request_within_the_slots_and_a_broken_body_is_a_400()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, plan: "game-medium", name: "Hammered"), ServerStatus.Running);
        using var client = await AccountJourney.ApiClientAsync(factory, email);
        var root = $"/api/v1/servers/{server.Id}/backups";

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.PostAsJsonAsync(root, new { name = $"Click {i}" })));

        // The slot lets one backup run at a time; a backup that finished at once frees it for a later request (the
        // simulator's tasks take no time here), so more than one may be accepted, but never more than were made.
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.InRange(accepted, 1, 2);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var owner = await Servers.UserIdAsync(factory, email);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        var list = (await WithBackupsAsync(b => b.ListAsync(server.Id, owner)))!;
        Assert.Equal(accepted, list.Backups.Count);
        Assert.True(list.Used <= list.Slots);
        var broken = await client.PostAsync(root, new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/servers/{server.Id}/history?before=yesterday")).StatusCode);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
    }

    [Fact]
    public async Task With_proxmox_unreachable_a_lock_changes_nothing_and_says_to_try_again_and_the_page_still_lists_backups()
    {
        var (owner, server) = await ServerAsync("Outage");
        var backup = await MadeAsync(server.Id, owner, "Before the outage");
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { apiDown = true });
        try
        {
            var locked = await WithBackupsAsync(b => b.SetLockedAsync(server.Id, backup.Id, owner, true));
            Assert.Equal(ServerRequestOutcome.Unavailable, locked.Outcome);
            Assert.Contains("Try again", locked.Message);
            var list = (await WithBackupsAsync(b => b.ListAsync(server.Id, owner)))!;
            Assert.False(list.Backups.Single().Locked);
        }
        finally
        {
            await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        }

        Assert.True((await WithBackupsAsync(b => b.SetLockedAsync(server.Id, backup.Id, owner, true))).Accepted);
        Assert.True((await StoredAsync(server)).Single().Protected);
    }

    [Fact]
    public async Task A_backup_that_cannot_start_while_proxmox_is_down_is_given_up_and_frees_the_server_for_its_owner()
    {
        using var outage = new PortalAppFactory().WithSetting("Backups:StartWithin", "00:00:01");
        var email = await AccountJourney.CreateAsync(outage, "Customer");
        var owner = await Servers.UserIdAsync(outage, email);
        var server = await Servers.WaitForAsync(outage, await Servers.CreateAsync(outage, email, name: "Stuck Backup"), ServerStatus.Running);
        await Servers.ControlAsync(outage, HttpMethod.Put, "faults", new { apiDown = true });
        try
        {
            await using var scope = outage.Services.CreateAsyncScope();
            var requested = await scope.ServiceProvider.GetRequiredService<ServerBackups>().CreateAsync(server.Id, owner, "During the outage", null, locked: false);
            Assert.True(requested.Accepted, requested.Request.Message);
            var failed = await Eventually.UntilAsync(() => scope.ServiceProvider.GetRequiredService<ServerBackups>().FindAsync(server.Id, requested.BackupId!.Value, owner),
                b => b!.State == BackupState.Failed, what: "the backup given up");
            Assert.Contains("did not answer", failed!.Error);
            var freed = await Servers.WaitForAsync(outage, server.Id, ServerStatus.Running);
            Assert.Equal(ServerOperation.None, freed.Operation);
        }
        finally
        {
            await Servers.ControlAsync(outage, HttpMethod.Delete, "faults");
        }
    }

    private async Task<(string OwnerId, ServerView Server)> ServerAsync(string name, string plan = "game-small")
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, plan: plan, name: name), ServerStatus.Running);
        return (await Servers.UserIdAsync(factory, email), server);
    }

    private async Task<T> WithBackupsAsync<T>(Func<ServerBackups, Task<T>> call)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<ServerBackups>());
    }

    private async Task<BackupView> ReadyAsync(int serverId, int backupId, string owner)
    {
        var backup = await Eventually.UntilAsync(() => WithBackupsAsync(b => b.FindAsync(serverId, backupId, owner)),
            b => b?.State is BackupState.Ready or BackupState.Failed, what: $"backup {backupId} made");
        Assert.Equal(BackupState.Ready, backup!.State);
        return backup;
    }

    /// <summary>A backup made and stored, with its archive's volume id; the server is free again.</summary>
    private async Task<ServerBackup> MadeAsync(int serverId, string owner, string name)
    {
        var result = await WithBackupsAsync(b => b.CreateAsync(serverId, owner, name, null, locked: false));
        Assert.True(result.Accepted, result.Request.Message);
        await ReadyAsync(serverId, result.BackupId!.Value, owner);
        await Servers.WaitForAsync(factory, serverId, ServerStatus.Running, ServerStatus.Stopped);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.ServerBackups.AsNoTracking().SingleAsync(b => b.Id == result.BackupId);
    }

    private async Task<IReadOnlyList<StorageContentItem>> StoredAsync(ServerView server) =>
        (await factory.Services.GetRequiredService<ProxmoxClient>().Nodes[server.Node!].Storage["pbs"].ContentAsync("backup", server.Vmid)).GetDataOrThrow();

    private async Task WriteAsync(ServerView server, string path, string text)
    {
        using var agent = await AgentAsync(server);
        (await agent.PutAsync($"files/content?path={Uri.EscapeDataString(path)}", new StringContent(text))).EnsureSuccessStatusCode();
    }

    private async Task<string> ReadAsync(ServerView server, string path)
    {
        using var agent = await AgentAsync(server);
        var read = await agent.GetAsync($"files/content?path={Uri.EscapeDataString(path)}");
        read.EnsureSuccessStatusCode();
        return await read.Content.ReadAsStringAsync();
    }

    /// <summary>The simulated agent of the server, asked directly with its credential (the portal has no files API yet).</summary>
    private async Task<HttpClient> AgentAsync(ServerView server)
    {
        var simulator = await Servers.SimulatorAsync(factory);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var protectedCredential = await db.Servers.Where(s => s.Id == server.Id).Select(s => s.AgentCredentialProtected).SingleAsync();
        var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://{server.IpAddress}:{simulator.Options.AgentPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            factory.Services.GetRequiredService<AgentCredentials>().Reveal(protectedCredential));
        return agent;
    }
}
