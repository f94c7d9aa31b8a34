using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Features.Settings;

/// <summary>A server's game settings, players and version through the API, against the simulated agent.</summary>
public sealed class SettingsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_changed_motd_is_saved_says_a_restart_is_needed_and_shows_in_the_game_s_status_after_the_restart()
    {
        var (client, server) = await ServerAsync("Motd World");
        var before = await SettingsAsync(client, server.Id);
        Assert.Equal("minecraft", before.GetProperty("game").GetString());
        Assert.Equal("A ZeroLagHub server", before.GetProperty("fields").GetProperty("motd").GetString());
        Assert.False(before.GetProperty("restartRequired").GetBoolean());

        var put = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { motd = "Welcome to the castle" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var answer = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["motd"], answer.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.True(answer.GetProperty("restartRequired").GetBoolean());
        var saved = await SettingsAsync(client, server.Id);
        Assert.Equal("Welcome to the castle", saved.GetProperty("fields").GetProperty("motd").GetString());
        Assert.True(saved.GetProperty("restartRequired").GetBoolean());
        Assert.Equal("A ZeroLagHub server", (await StatusAsync(server))!.Motd);

        (await client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/power", new { action = "restart" })).EnsureSuccessStatusCode();
        var status = await Eventually.UntilAsync(() => StatusAsync(server), s => s is { IsRunning: true, Motd: "Welcome to the castle" }, what: "the new MOTD in use");
        Assert.Equal(20, status!.MaxPlayers);
        Assert.False((await SettingsAsync(client, server.Id)).GetProperty("restartRequired").GetBoolean());
        var history = await HistoryAsync(server.Id, HistoryKind.Settings);
        Assert.Contains("Settings changed: message of the day. A restart applies them.", history);
    }

    [Fact]
    public async Task A_terraria_server_s_name_and_player_limit_apply_after_a_restart_and_its_password_is_never_shown_back()
    {
        var (client, server) = await ServerAsync("Terra", template: "terraria");

        var put = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { serverName = "Terra Firma", maxPlayers = 16, password = "hunter22" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var fields = (await SettingsAsync(client, server.Id)).GetProperty("fields");
        Assert.Equal(("Terra Firma", 16), (fields.GetProperty("serverName").GetString(), fields.GetProperty("maxPlayers").GetInt32()));
        Assert.Equal(JsonValueKind.Null, fields.GetProperty("password").ValueKind);
        (await client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/power", new { action = "restart" })).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(() => StatusAsync(server), s => s is { IsRunning: true, MaxPlayers: 16 }, what: "the new player limit in use");
        var refused = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { maxPlayers = 500, motd = "Terraria has none" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_dev_server_has_its_runtime_settings_and_versions()
    {
        var (client, server) = await ServerAsync("Workbench", template: "dev-node", plan: "dev-small");

        var before = await SettingsAsync(client, server.Id);
        Assert.Equal(("node", "dev", "22"), (before.GetProperty("game").GetString(), before.GetProperty("kind").GetString(), before.GetProperty("version").GetString()));
        Assert.Equal(3000, before.GetProperty("fields").GetProperty("appPort").GetInt32());

        var put = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { appPort = 8080, startCommand = "npm run dev" });

        Assert.Equal(["startCommand", "appPort"], (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(8080, (await SettingsAsync(client, server.Id)).GetProperty("fields").GetProperty("appPort").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/version", new { version = "20" })).StatusCode);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);
        Assert.Equal("20", (await SettingsAsync(client, server.Id)).GetProperty("version").GetString());
        Assert.Equal(8080, (await SettingsAsync(client, server.Id)).GetProperty("fields").GetProperty("appPort").GetInt32());
    }

    [Fact]
    public async Task Only_the_fields_that_changed_are_sent_to_the_agent()
    {
        var (client, server) = await ServerAsync("Few Changes");

        var put = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings",
            new { motd = "A ZeroLagHub server", maxPlayers = 30, pvp = true, whitelist = new[] { "Notch", "jeb_" } });

        var answer = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["maxPlayers", "whitelist"], answer.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        var sent = (await AgentRequests.ReadAsync(factory.Services, server.Vmid!.Value))
            .Where(r => r.GetProperty("method").GetString() == "POST" && r.GetProperty("path").GetString() == "/config").Last();
        var body = JsonDocument.Parse(sent.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(["properties", "whitelist"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["max-players"], body.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(30, body.GetProperty("properties").GetProperty("max-players").GetInt32());
        var fields = (await SettingsAsync(client, server.Id)).GetProperty("fields");
        Assert.Equal(["Notch", "jeb_"], fields.GetProperty("whitelist").EnumerateArray().Select(n => n.GetString()));

        var again = await (await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { maxPlayers = 30 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(again.GetProperty("changed").EnumerateArray());
    }

    [Fact]
    public async Task Invalid_values_are_refused_with_a_reason_per_field_and_nothing_is_saved()
    {
        var (client, server) = await ServerAsync("Strict Rules");
        var configsBefore = await ConfigPostsAsync(server);

        var put = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings",
            new { motd = "Never saved", maxPlayers = 1000, difficulty = "nightmare", ops = new[] { "bad name!" }, teleport = true });

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("1 to 200", errors.GetProperty("maxPlayers")[0].GetString());
        Assert.Contains("peaceful, easy, normal, hard", errors.GetProperty("difficulty")[0].GetString());
        Assert.Contains("not a player name", errors.GetProperty("ops")[0].GetString());
        Assert.Contains("no setting", errors.GetProperty("teleport")[0].GetString());
        Assert.False(errors.TryGetProperty("motd", out _));
        Assert.Equal("A ZeroLagHub server", (await SettingsAsync(client, server.Id)).GetProperty("fields").GetProperty("motd").GetString());
        Assert.Equal(configsBefore, await ConfigPostsAsync(server));
    }

    [Fact]
    public async Task Memory_flags_above_the_plan_s_memory_are_refused_and_within_it_accepted()
    {
        // game-small has 4096 MB.
        var (client, server) = await ServerAsync("Memory Hungry");

        var tooMuch = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { memoryMaxMb = 8192 });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("4096 MB", (await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("memoryMaxMb")[0].GetString());
        var startAboveMax = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { memoryMaxMb = 2048, memoryMinMb = 3072 });
        Assert.Equal(HttpStatusCode.BadRequest, startAboveMax.StatusCode);

        var fits = await client.PutAsJsonAsync($"/api/v1/servers/{server.Id}/settings", new { memoryMaxMb = 3584, memoryMinMb = 1024 });
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var fields = (await SettingsAsync(client, server.Id)).GetProperty("fields");
        Assert.Equal((3584, 1024), (fields.GetProperty("memoryMaxMb").GetInt32(), fields.GetProperty("memoryMinMb").GetInt32()));
    }

    [Fact]
    public async Task Another_customer_s_server_is_not_found_for_settings_players_and_versions()
    {
        var (_, server) = await ServerAsync("Not Yours");
        var configsBefore = await ConfigPostsAsync(server);
        using var stranger = await AccountJourney.ApiClientAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var root = $"/api/v1/servers/{server.Id}";

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{root}/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"{root}/settings", new { motd = "Mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{root}/players")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{root}/players/Steve/kick", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"{root}/version", new { version = "1.20.6" })).StatusCode);
        Assert.Equal(configsBefore, await ConfigPostsAsync(server));
    }

    [Fact]
    public async Task Players_online_are_listed_and_a_kick_or_ban_through_the_console_removes_them()
    {
        var (client, server) = await ServerAsync("Busy World");
        await JoinAsync(server, "Steve", expectJoined: true);
        await JoinAsync(server, "Alex", expectJoined: true);

        var players = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{server.Id}/players");
        Assert.Equal((2, 20), (players.GetProperty("online").GetInt32(), players.GetProperty("max").GetInt32()));
        Assert.Equal(["Steve", "Alex"], players.GetProperty("players").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/servers/{server.Id}/players/Steve/kick", null)).StatusCode);
        await Eventually.UntilAsync(() => NamesAsync(client, server.Id), n => n.SequenceEqual(["Alex"]), what: "Steve kicked");

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/servers/{server.Id}/players/Alex/ban", null)).StatusCode);
        await Eventually.UntilAsync(() => NamesAsync(client, server.Id), n => n.Count == 0, what: "Alex banned");
        await JoinAsync(server, "Alex", expectJoined: false);
        await JoinAsync(server, "Steve", expectJoined: true);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/servers/{server.Id}/players/Herobrine/whitelist", null)).StatusCode);
        await Eventually.UntilAsync(() => SettingsAsync(client, server.Id),
            s => s.GetProperty("fields").GetProperty("whitelist").EnumerateArray().Any(n => n.GetString() == "Herobrine"), what: "Herobrine whitelisted");
        var history = await HistoryAsync(server.Id, HistoryKind.Settings);
        Assert.Contains("Player Steve kicked.", history);
        Assert.Contains("Player Alex banned.", history);
    }

    [Theory]
    [InlineData("Steve;stop")]
    [InlineData("Steve op Mallory")]
    [InlineData("Steve\nstop")]
    [InlineData("ab")]
    public async Task A_player_name_that_is_not_one_is_refused_and_nothing_reaches_the_console(string name)
    {
        var (client, server) = await ServerAsync("Injection Target");

        var response = await client.PostAsync($"/api/v1/servers/{server.Id}/players/{Uri.EscapeDataString(name)}/ban", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("3 to 16 letters", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await AgentRequests.ReadAsync(factory.Services, server.Vmid!.Value), r => r.GetProperty("path").GetString() == "/console/stream");
        Assert.True((await StatusAsync(server))!.IsRunning);
    }

    [Fact]
    public async Task Each_template_lists_its_versions_and_an_unknown_template_is_not_found()
    {
        using var anonymous = factory.CreateClient();

        var versions = await anonymous.GetFromJsonAsync<List<string>>("/api/v1/catalog/templates/minecraft-paper/versions");

        Assert.Equal("1.21.4", versions![0]);
        Assert.Contains("1.20.6", versions);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/catalog/templates/no-such-game/versions")).StatusCode);
    }

    [Fact]
    public async Task A_version_change_keeps_the_world_takes_a_safety_backup_and_reports_the_new_version()
    {
        var (client, server) = await ServerAsync("Time Traveller");
        await WriteAsync(server, "world/level.dat", "my castle");

        var response = await client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/version", new { version = "1.20.6" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.All(after.Steps.Where(s => ServerSteps.ChangeVersion.Contains(s.Step)), s => Assert.Equal(StepState.Succeeded, s.State));
        Assert.Equal("my castle", await ReadAsync(server, "world/level.dat"));
        var settings = await SettingsAsync(client, server.Id);
        Assert.Equal("1.20.6", settings.GetProperty("version").GetString());
        using (var agent = await AgentAsync(server))
        {
            Assert.Equal("1.20.6", (await agent.GetFromJsonAsync<JsonElement>("config")).GetProperty("version").GetString());
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var owner = await Servers.UserIdAsync(factory, await OwnerEmailAsync(server.Id));
            var safety = Assert.Single((await scope.ServiceProvider.GetRequiredService<ServerBackups>().ListAsync(server.Id, owner))!.Backups);
            Assert.Equal((BackupOrigin.SafetyCopy, BackupState.Ready, "Before version 1.20.6"), (safety.Origin, safety.State, safety.Name));
        }

        var history = await HistoryAsync(server.Id, HistoryKind.Version);
        Assert.Equal("Version changed from 1.21.4 to 1.20.6.", history[0]);
        Assert.StartsWith("Version change from 1.21.4 to 1.20.6 requested", history[1]);
    }

    [Fact]
    public async Task A_version_the_template_does_not_list_is_refused_and_a_busy_server_is_a_conflict()
    {
        var (client, server) = await ServerAsync("Picky");

        var unknown = await client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/version", new { version = "9.9.9" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("1.20.6", await unknown.Content.ReadAsStringAsync());

        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Operation, ServerOperation.Backup));
        }

        try
        {
            var busy = await client.PostAsJsonAsync($"/api/v1/servers/{server.Id}/version", new { version = "1.20.6" });
            Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        }
        finally
        {
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Operation, ServerOperation.None));
        }

        Assert.Equal("1.21.4", (await SettingsAsync(client, server.Id)).GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_version_change_cut_short_by_a_crash_is_finished_by_the_reconciler()
    {
        var (client, server) = await ServerAsync("Crashed Mid Change");
        await WriteAsync(server, "world/level.dat", "still here");
        using (var agent = await AgentAsync(server))
        {
            (await agent.PostAsync("stop", null)).EnsureSuccessStatusCode();
        }

        // What the portal leaves when it dies while stopping the game: the slot claimed, the safety step done, no job.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Operation, ServerOperation.ChangeVersion).SetProperty(s => s.OperationStartedAt, now)
                .SetProperty(s => s.RequestedGameVersion, "1.20.4"));
            var existing = await db.ServerSteps.Where(s => s.ServerId == server.Id).Select(s => s.Step).ToListAsync();
            db.ServerSteps.AddRange(ServerSteps.ChangeVersion.Except(existing).Select(step => new ServerStep { ServerId = server.Id, Step = step }));
            await db.SaveChangesAsync();
            var steps = ServerSteps.ChangeVersion.ToList();
            await db.ServerSteps.Where(s => s.ServerId == server.Id && steps.Contains(s.Step))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.State, s => s.Step == ProvisioningStep.SafetyBackup ? StepState.Succeeded
                    : s.Step == ProvisioningStep.StopGame ? StepState.Running : StepState.Pending));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReconcileServersJob>().RunAsync(resumeAll: true, CancellationToken.None);
        }

        var after = await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped);
        Assert.Equal(ServerStatus.Running, after.Status);
        Assert.Equal("1.20.4", (await SettingsAsync(client, server.Id)).GetProperty("version").GetString());
        Assert.Equal("still here", await ReadAsync(server, "world/level.dat"));
        Assert.True((await StatusAsync(server))!.IsRunning);
    }

    [Fact]
    public async Task An_admin_s_version_list_is_what_the_catalog_offers_and_a_malformed_one_is_refused()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogAdministration>();
        var terraria = (await catalog.ListTemplatesAsync()).Single(t => t.Slug == "terraria");

        Assert.Contains("one of the versions", await catalog.UpdateTemplateVersionsAsync(terraria.Id, "1.4.5", "1.4.4, 1.4.3"));
        Assert.Contains("letters, digits", await catalog.UpdateTemplateVersionsAsync(terraria.Id, "1.4.4", "1.4.4;reboot, 1.4.3"));
        Assert.Null(await catalog.UpdateTemplateVersionsAsync(terraria.Id, "1.4.5", "1.4.5, 1.4.4 1.4.3"));

        using var anonymous = factory.CreateClient();
        Assert.Equal(["1.4.5", "1.4.4", "1.4.3"], await anonymous.GetFromJsonAsync<List<string>>("/api/v1/catalog/templates/terraria/versions"));
    }

    private async Task<(HttpClient Client, ServerView Server)> ServerAsync(string name, string template = "minecraft-paper", string plan = "game-small")
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, plan, template, name), ServerStatus.Running);
        // Provisioning ends once the game runs; the status of the agent is what the tests read from there.
        await Eventually.UntilAsync(() => StatusAsync(server), s => s is { IsRunning: true }, what: "the game running");
        return (await AccountJourney.ApiClientAsync(factory, email), server);
    }

    private static async Task<JsonElement> SettingsAsync(HttpClient client, int serverId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{serverId}/settings");

    private static async Task<List<string>> NamesAsync(HttpClient client, int serverId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{serverId}/players")).GetProperty("players").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()!).ToList();

    private async Task<int> ConfigPostsAsync(ServerView server) =>
        (await AgentRequests.ReadAsync(factory.Services, server.Vmid!.Value))
            .Count(r => r.GetProperty("method").GetString() == "POST" && r.GetProperty("path").GetString() == "/config");

    private async Task JoinAsync(ServerView server, string name, bool expectJoined)
    {
        var simulator = await Servers.SimulatorAsync(factory);
        using var control = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == simulator.Certificate.GetCertHashString() },
        })
        { BaseAddress = simulator.ControlUrl };
        control.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "PVEAPIToken=" + simulator.ApiToken);
        var answer = await (await control.PostAsJsonAsync($"agents/{server.Vmid}/players", new { name, action = "join" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expectJoined == answer.GetProperty("joined").GetBoolean(), answer.GetProperty("line").GetString());
    }

    private async Task<AgentStatus?> StatusAsync(ServerView server)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var target = (await scope.ServiceProvider.GetRequiredService<ServerDirectory>().FindAgentTargetAsync(server.Id))!;
        return await scope.ServiceProvider.GetRequiredService<AgentClient>().GetStatusAsync(target.IpAddress!,
            scope.ServiceProvider.GetRequiredService<AgentCredentials>().Reveal(target.AgentCredentialProtected), CancellationToken.None);
    }

    private async Task<List<string>> HistoryAsync(int serverId, HistoryKind kind)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.ServerHistory.Where(e => e.ServerId == serverId && e.Kind == kind).OrderByDescending(e => e.Id).Select(e => e.Text).ToListAsync();
    }

    private async Task<string> OwnerEmailAsync(int serverId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return (await db.Servers.Where(s => s.Id == serverId).Join(db.Users, s => s.OwnerId, u => u.Id, (s, u) => u.Email).SingleAsync())!;
    }

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

    /// <summary>The simulated agent of the server, asked directly with its credential.</summary>
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
