using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Consoles;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// A portal on Kestrel (forwarded WebSockets need a real upgrade) with fake time for ticket expiry, two signed-in
/// customers and a support user, and running servers for each customer.
/// </summary>
public sealed class ConsolePortalFixture : IAsyncLifetime
{
    public PortalAppFactory Factory { get; } = new PortalAppFactory().WithFakeTime(DateTimeOffset.UtcNow);

    public Uri BaseAddress { get; private set; } = null!;

    public ConsoleClient Consoles { get; private set; } = null!;

    public Account Alice { get; private set; } = null!;

    public Account Bob { get; private set; } = null!;

    public Account Support { get; private set; } = null!;

    public RunningServer AliceServer { get; private set; } = null!;

    public RunningServer AliceOtherServer { get; private set; } = null!;

    public RunningServer BobServer { get; private set; } = null!;

    public ConsoleTickets Tickets => Factory.Services.GetRequiredService<ConsoleTickets>();

    public ConsoleSessions Sessions => Factory.Services.GetRequiredService<ConsoleSessions>();

    public async Task InitializeAsync()
    {
        BaseAddress = Factory.StartOnKestrel();
        Consoles = new ConsoleClient(BaseAddress);
        Alice = await SignInAsync(Roles.Customer);
        Bob = await SignInAsync(Roles.Customer);
        Support = await SignInAsync(Roles.Support, twoFactor: true);
        AliceServer = await RunningServers.CreateAsync(Factory.Services, Alice.Email);
        AliceOtherServer = await RunningServers.CreateAsync(Factory.Services, Alice.Email);
        BobServer = await RunningServers.CreateAsync(Factory.Services, Bob.Email);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>An account, signed in over HTTP so <see cref="Account.Cookies"/> holds its portal cookie.</summary>
    public async Task<Account> SignInAsync(string role, bool twoFactor = false)
    {
        var email = await AccountJourney.CreateAsync(Factory, role);
        var cookies = new CookieContainer();
        var client = new PortalClient(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = BaseAddress,
        });
        if (twoFactor)
        {
            var key = await AccountJourney.EnableTwoFactorAsync(Factory, email);
            await AccountJourney.LogInWithTwoFactorAsync(client, email, key);
        }
        else
        {
            var login = await AccountJourney.LogInAsync(client, email);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user!.Id, "console tests", 30);
        Assert.True(token.Succeeded, token.Message);
        return new Account(email, user.Id, cookies, client, token.Token!);
    }
}

public sealed record Account(string Email, string Id, CookieContainer Cookies, PortalClient Client, string ApiToken);
