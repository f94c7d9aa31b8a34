using System.Net;

namespace ZlhPortal.IntegrationTests.Infrastructure.Web;

/// <summary>With several instances on PostgreSQL, a rate limit holds for the whole site, not per instance.</summary>
[Trait("Database", "PostgreSql")]
public sealed class SharedRateLimitTests : IDisposable
{
    private readonly PortalAppFactory first = Limited(new PortalAppFactory());
    private readonly PortalAppFactory second;

    public SharedRateLimitTests()
    {
        Assert.True(TestDatabase.IsPostgreSql, $"A site-wide limit needs PostgreSQL: set {TestDatabase.Variable} (tests/run.sh does).");
        second = Limited(new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString));
    }

    private static PortalAppFactory Limited(PortalAppFactory portal) => portal
        .WithSetting("Portal:RateLimiting:Api:PermitLimit", "4").WithSetting("Portal:RateLimiting:Api:WindowSeconds", "3600")
        .WithSetting("Portal:RateLimiting:Auth:PermitLimit", "3").WithSetting("Portal:RateLimiting:Auth:WindowSeconds", "3600");

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task Calls_spread_over_two_instances_share_one_api_limit()
    {
        using var onFirst = first.CreateClient();
        using var onSecond = second.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await onFirst.GetAsync("/api/v1/servers")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/v1/servers")).StatusCode);
        var limited = await onSecond.GetAsync("/api/v1/servers");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A refused call says when to come back.");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onFirst.GetAsync("/api/v1/servers")).StatusCode);
    }

    [Fact]
    public async Task Password_guesses_spread_over_two_instances_share_one_sign_in_limit()
    {
        using var onFirst = first.CreatePortalClient();
        using var onSecond = second.CreatePortalClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { onFirst, onSecond, onFirst, onSecond })
        {
            statuses.Add((await AccountJourney.LogInAsync(client, "nobody@example.test", "Wrong-password-123")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
