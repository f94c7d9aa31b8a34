using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Status;

/// <summary><c>GET /api/v1/servers/{id}/metrics</c> against the simulator's <c>rrddata</c>.</summary>
public sealed class UsageApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const long GameSmallMemoryBytes = 4096L * 1024 * 1024;
    private const long GameSmallDiskBytes = 20L * 1024 * 1024 * 1024;

    private async Task<(HttpClient Api, int ServerId)> RunningServerAsync()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, owner, plan: "game-small"), ServerStatus.Running);
        return (await AccountJourney.ApiClientAsync(factory, owner), server.Id);
    }

    [Theory]
    [InlineData("hour", 60)]
    [InlineData("day", 1800)]
    [InlineData("week", 10800)]
    public async Task The_owner_reads_the_servers_usage_for_each_timeframe(string timeframe, int stepSeconds)
    {
        var (api, id) = await RunningServerAsync();

        var body = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{id}/metrics?timeframe={timeframe}");

        Assert.Equal(timeframe, body.GetProperty("timeframe").GetString());
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(70, points.Count);
        var times = points.Select(p => p.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(stepSeconds), pair.Second - pair.First));
        // Before the container existed Proxmox has no values; the newest sample counts the running container.
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("memoryBytes").ValueKind);
        var newest = points[^1];
        Assert.Equal(GameSmallMemoryBytes, newest.GetProperty("memoryMaxBytes").GetInt64());
        Assert.InRange(newest.GetProperty("memoryBytes").GetInt64(), 1, GameSmallMemoryBytes);
        Assert.InRange(newest.GetProperty("cpu").GetDouble(), 0.0001, 1);
        Assert.Equal(GameSmallDiskBytes, newest.GetProperty("diskMaxBytes").GetInt64());
        Assert.InRange(newest.GetProperty("diskBytes").GetInt64(), 1, GameSmallDiskBytes);
        foreach (var rate in new[] { "netInBytesPerSecond", "netOutBytesPerSecond", "diskReadBytesPerSecond", "diskWriteBytesPerSecond" })
        {
            Assert.True(newest.GetProperty(rate).GetDouble() >= 0, rate);
        }

        Assert.True(newest.GetProperty("netOutBytesPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task The_timeframe_defaults_to_the_last_hour()
    {
        var (api, id) = await RunningServerAsync();

        var body = await api.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{id}/metrics");

        Assert.Equal("hour", body.GetProperty("timeframe").GetString());
        var times = body.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(TimeSpan.FromMinutes(1), times[^1] - times[^2]);
    }

    [Theory]
    [InlineData("month")]
    [InlineData("1")]
    [InlineData("")]
    public async Task An_unknown_timeframe_is_a_400_naming_the_allowed_ones(string timeframe)
    {
        var (api, id) = await RunningServerAsync();

        var response = await api.GetAsync($"/api/v1/servers/{id}/metrics?timeframe={timeframe}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("\"timeframe\" must be one of hour, day, week.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_tenants_server_and_an_unknown_id_are_404()
    {
        var (_, id) = await RunningServerAsync();
        var stranger = await AccountJourney.ApiClientAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/servers/{id}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/servers/999999/metrics?timeframe=week")).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var (_, id) = await RunningServerAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync($"/api/v1/servers/{id}/metrics")).StatusCode);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_a_503_asking_to_try_later()
    {
        var (api, id) = await RunningServerAsync();
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { apiDown = true });
        try
        {
            var response = await api.GetAsync($"/api/v1/servers/{id}/metrics?timeframe=day");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("try again later", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await Servers.ControlAsync(factory, HttpMethod.Delete, "faults");
        }
    }
}
