using System.Net;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

public sealed class RateLimitTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Portal:RateLimiting:Auth:PermitLimit", "3")
        .WithSetting("Portal:RateLimiting:Auth:WindowSeconds", "3600");

    [Fact]
    public async Task Too_many_sign_in_submissions_from_one_address_get_429_with_retry_after()
    {
        using var client = factory.CreatePortalClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var allowed = await AccountJourney.LogInAsync(client, "nobody@example.test", "Wrong-password-123");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var limited = await AccountJourney.LogInAsync(client, "nobody@example.test", "Wrong-password-123");
        var signUp = await AccountJourney.SignUpAsync(client, AccountJourney.NewEmail());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.TooManyRequests, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    public void Dispose() => factory.Dispose();
}
