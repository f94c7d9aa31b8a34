using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Schedules;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Schedules;

/// <summary>Schedules through the API and run against the simulator: validation, tenants, tasks in order, console commands, skips.</summary>
public sealed class ScheduleTests(SchedulePortalFixture fixture) : IClassFixture<SchedulePortalFixture>
{
    private readonly PortalAppFactory factory = fixture.Factory;

    [Fact]
    public async Task The_api_makes_lists_changes_runs_and_deletes_schedules_of_own_servers_only_and_says_why_it_refuses()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: "Api Schedules"), ServerStatus.Running);
        using var client = await AccountJourney.ApiClientAsync(factory, email);
        using var stranger = await AccountJourney.ApiClientAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var root = $"/api/v1/servers/{server.Id}/schedules";
        var restart = new[] { new { action = "restart", payload = (string?)null, offsetSeconds = 0 } };

        await RefusedAsync(client.PostAsJsonAsync(root, new { name = "Nightly", cron = "every night", timeZone = "UTC", tasks = restart }), "five fields");
        await RefusedAsync(client.PostAsJsonAsync(root, new { name = "Nightly", cron = "61 4 * * *", timeZone = "UTC", tasks = restart }), "cannot be read");
        await RefusedAsync(client.PostAsJsonAsync(root, new { name = "Nightly", cron = "0 4 * * *", timeZone = "Mars/Olympus_Mons", tasks = restart }), "not a time zone");
        await RefusedAsync(client.PostAsJsonAsync(root, new { name = "Nightly", cron = "0 4 * * *", timeZone = "UTC", tasks = Array.Empty<object>() }), "1 to 10 tasks");
        await RefusedAsync(client.PostAsJsonAsync(root, new { name = "Nightly", cron = "0 4 * * *", timeZone = "UTC", tasks = new[] { new { action = "command" } } }),
            "needs the console command");
        await RefusedAsync(client.PostAsJsonAsync(root, new { name = "Nightly", cron = "0 4 * * *", timeZone = "UTC", tasks = new[] { new { action = "explode" } } }),
            "must be one of");
        var valid = new
        {
            name = "Nightly", cron = "0 4 * * *", timeZone = "Europe/Berlin", enabled = true,
            tasks = new object[] { new { action = "command", payload = "say restarting in a minute" }, new { action = "restart", offsetSeconds = 1 } },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(root, valid)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(root)).StatusCode);

        var created = await client.PostAsJsonAsync(root, valid);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var schedule = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = schedule.GetProperty("id").GetInt32();
        Assert.Equal(("Nightly", "0 4 * * *", "Europe/Berlin", true), (schedule.GetProperty("name").GetString(), schedule.GetProperty("cron").GetString(),
            schedule.GetProperty("timeZone").GetString(), schedule.GetProperty("enabled").GetBoolean()));
        Assert.Equal(["command", "restart"], schedule.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("action").GetString()));
        Assert.Equal("say restarting in a minute", schedule.GetProperty("tasks")[0].GetProperty("payload").GetString());
        Assert.Equal(1, schedule.GetProperty("tasks")[1].GetProperty("offsetSeconds").GetInt32());
        Assert.Equal(JsonValueKind.Null, schedule.GetProperty("lastRunAt").ValueKind);
        Assert.Equal(4, TimeZoneInfo.ConvertTime(schedule.GetProperty("nextRunAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Hour);
        Assert.Equal(("0 4 * * *", "Europe/Berlin"), Registered(id));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>(root)).EnumerateArray());

        var off = await client.PutAsJsonAsync($"{root}/{id}", valid with { name = "Nightly (off)", enabled = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var changed = await off.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Nightly (off)", false, JsonValueKind.Null),
            (changed.GetProperty("name").GetString(), changed.GetProperty("enabled").GetBoolean(), changed.GetProperty("nextRunAt").ValueKind));
        Assert.Null(Registered(id));
        await RefusedAsync(client.PutAsJsonAsync($"{root}/{id}", valid with { timeZone = "Not/AZone" }), "not a time zone");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"{root}/{id}", valid)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{root}/{id}/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"{root}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{root}/999999/run", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"{root}/{id}/run", null)).StatusCode);
        var ran = await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"{root}/{id}"),
            s => s.GetProperty("lastRunResult").EnumerateArray().Select(r => r.GetString()).SequenceEqual(["done", "done"]), what: "the schedule run by hand");
        Assert.NotEqual(JsonValueKind.Null, ran.GetProperty("lastRunAt").ValueKind);
        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{root}/{id}")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>(root)).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{root}/{id}")).StatusCode);
    }

    [Fact]
    public async Task Running_stop_then_start_stops_the_server_and_starts_it_again_in_that_order()
    {
        var (owner, server) = await ServerAsync("Stop And Start");
        var tasksBefore = ContainerTasks(await Servers.InventoryAsync(factory), server.Vmid!.Value).Count;
        var id = await CreateAsync(server.Id, owner, new ScheduleTask(ScheduleAction.Stop), new ScheduleTask(ScheduleAction.Start));

        Assert.True((await WithSchedulesAsync(s => s.RunNowAsync(server.Id, id, owner))).Accepted);
        var schedule = await FinishedAsync(server.Id, id, owner);

        Assert.Equal(["done", "done"], schedule.LastRunResults);
        Assert.Equal(ServerStatus.Running, (await Servers.WaitForAsync(factory, server.Id, ServerStatus.Running, ServerStatus.Stopped)).Status);
        var types = ContainerTasks(await Servers.InventoryAsync(factory), server.Vmid.Value).Skip(tasksBefore).ToList();
        var stopped = types.FindIndex(t => t is "vzshutdown" or "vzstop");
        Assert.True(stopped >= 0, $"no stop among {string.Join(", ", types)}");
        Assert.Contains("vzstart", types.Skip(stopped + 1));

        // The server's history says the schedule asked, not the customer.
        var power = (await factory.Services.GetRequiredService<ServerHistory>().ListAsync(server.Id, owner, HistoryKind.Power))!;
        Assert.Equal(["Stop requested.", "Start requested."], power.Select(l => l.Text).Reverse());
        Assert.All(power, l => Assert.StartsWith("Schedule '", l.Actor));
    }

    [Fact]
    public async Task A_command_task_is_typed_into_the_game_console()
    {
        var (owner, server) = await ServerAsync("Talkative");
        var id = await CreateAsync(server.Id, owner, new ScheduleTask(ScheduleAction.Command, "say scheduled hello"));

        Assert.True((await WithSchedulesAsync(s => s.RunNowAsync(server.Id, id, owner))).Accepted);
        var schedule = await FinishedAsync(server.Id, id, owner);

        Assert.Equal(["done"], schedule.LastRunResults);
        Assert.Contains("GET /console/stream", await Servers.AgentRequestsAsync(factory, server.Vmid!.Value));
        var console = await ConsoleHistoryUntilAsync(server, "[Server] scheduled hello");
        Assert.Contains(console, line => line.Contains("[Server] scheduled hello", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tasks_on_a_busy_or_suspended_server_are_skipped_with_the_reason()
    {
        var (owner, server) = await ServerAsync("Unavailable");
        var id = await CreateAsync(server.Id, owner, new ScheduleTask(ScheduleAction.Restart), new ScheduleTask(ScheduleAction.Command, "say hi"));
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Operation, ServerOperation.Backup));
        }

        await RunJobAsync(id);
        var busy = (await WithSchedulesAsync(s => s.FindAsync(server.Id, id, owner)))!;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Operation, ServerOperation.None));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().SuspendAsync(server.Id)).Accepted);
        }

        await Servers.WaitForAsync(factory, server.Id, ServerStatus.Suspended);
        await RunJobAsync(id);
        var suspended = (await WithSchedulesAsync(s => s.FindAsync(server.Id, id, owner)))!;

        Assert.Equal(["skipped: the server is busy (backup in progress)", "skipped: the server is busy (backup in progress)"], busy.LastRunResults);
        Assert.Equal(["skipped: the server is suspended", "skipped: the server is suspended"], suspended.LastRunResults);
        Assert.Equal(ServerStatus.Suspended, (await Servers.GetAsync(factory, server.Id)).Status);
        Assert.DoesNotContain("GET /console/stream", await Servers.AgentRequestsAsync(factory, server.Vmid!.Value));
    }

    [Fact]
    public async Task Deleting_the_server_removes_its_schedules_recurring_jobs()
    {
        var (owner, server) = await ServerAsync("Short Lived");
        var result = await WithSchedulesAsync(s => s.CreateAsync(server.Id, owner,
            new ScheduleInput("Nightly", "0 4 * * *", "UTC", [new ScheduleTask(ScheduleAction.Restart)])));
        Assert.NotNull(Registered(result.ScheduleId!.Value));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().DeleteAsync(server.Id, owner)).Accepted);
        }

        await Eventually.UntilAsync(() => Task.FromResult(Registered(result.ScheduleId.Value)), job => job is null, what: "the schedule's job removed");
        Assert.Null(await WithSchedulesAsync(s => s.ListAsync(server.Id, owner)));
    }

    private (string Cron, string TimeZone)? Registered(int scheduleId)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().FirstOrDefault(j => j.Id == RecurringSchedules.JobId(scheduleId)) is { } job ? (job.Cron, job.TimeZoneId) : null;
    }

    private static async Task RefusedAsync(Task<HttpResponseMessage> call, string reason)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, body);
    }

    private async Task<(string OwnerId, ServerView Server)> ServerAsync(string name)
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email, name: name), ServerStatus.Running);
        return (await Servers.UserIdAsync(factory, email), server);
    }

    private async Task<int> CreateAsync(int serverId, string owner, params ScheduleTask[] tasks)
    {
        var result = await WithSchedulesAsync(s => s.CreateAsync(serverId, owner, new ScheduleInput("Test", "0 4 * * *", "UTC", tasks, Enabled: false)));
        Assert.True(result.Accepted, result.Request.Message);
        return result.ScheduleId!.Value;
    }

    private async Task<T> WithSchedulesAsync<T>(Func<ServerSchedules, Task<T>> call)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<ServerSchedules>());
    }

    /// <summary>Runs the schedule's job here rather than through the queue: skipped tasks never leave this call.</summary>
    private async Task RunJobAsync(int scheduleId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RunScheduleJob>().RunNowAsync(scheduleId, CancellationToken.None);
    }

    private async Task<ScheduleView> FinishedAsync(int serverId, int scheduleId, string owner) =>
        (await Eventually.UntilAsync(() => WithSchedulesAsync(s => s.FindAsync(serverId, scheduleId, owner)),
            s => s!.LastRunAt is not null && s.LastRunResults.All(r => r is not (RunScheduleJob.Pending or RunScheduleJob.Running)),
            what: $"schedule {scheduleId} run to the end"))!;

    private static List<string> ContainerTasks(JsonElement inventory, int vmid) =>
        inventory.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("id").GetString() == vmid.ToString())
            .Select(t => t.GetProperty("type").GetString()!).ToList();

    /// <summary>The game console's history, read straight from the agent until a line holds <paramref name="marker"/>.</summary>
    private async Task<List<string>> ConsoleHistoryUntilAsync(ServerView server, string marker)
    {
        var simulator = await Servers.SimulatorAsync(factory);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var credential = factory.Services.GetRequiredService<AgentCredentials>()
            .Reveal(await db.Servers.Where(s => s.Id == server.Id).Select(s => s.AgentCredentialProtected).SingleAsync());
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {credential}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"ws://{server.IpAddress}:{simulator.Options.AgentPort}/console/stream"), timeout.Token);
        var lines = new List<string>();
        var buffer = new byte[8192];
        while (!lines.Any(l => l.Contains(marker, StringComparison.Ordinal)))
        {
            var text = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);
            lines.Add(text.ToString());
        }

        return lines;
    }
}
