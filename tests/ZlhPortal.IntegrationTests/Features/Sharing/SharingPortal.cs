using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Consoles;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Sharing;

/// <summary>A portal on Kestrel (console sockets need a real upgrade) where customers share servers with each other over the API.</summary>
public sealed class SharingPortal : IAsyncLifetime
{
    public PortalAppFactory Factory { get; } = new PortalAppFactory();

    public Uri BaseAddress { get; private set; } = null!;

    public ConsoleClient Consoles { get; private set; } = null!;

    public Task InitializeAsync()
    {
        BaseAddress = Factory.StartOnKestrel();
        Consoles = new ConsoleClient(BaseAddress);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A customer signed in over HTTP (cookies) with an API token.</summary>
    public async Task<Account> CustomerAsync()
    {
        var email = await AccountJourney.CreateAsync(Factory, Roles.Customer);
        var cookies = new CookieContainer();
        var client = new PortalClient(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = BaseAddress,
        });
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email)).StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user!.Id, "sharing tests", 30);
        Assert.True(token.Succeeded, token.Message);
        return new Account(email, user.Id, cookies, client, token.Token!);
    }

    public HttpClient Api(Account account)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiToken);
        return client;
    }

    /// <summary>The owner invites <paramref name="friend"/> over the API; returns the share's id and the token from the emailed link.</summary>
    public async Task<(int ShareId, string Token)> InviteAsync(Account owner, int serverId, Account friend, params string[] permissions) =>
        await InviteAsync(owner, serverId, friend.Email, readOnlyConsole: false, permissions);

    public async Task<(int ShareId, string Token)> InviteAsync(Account owner, int serverId, string email, bool readOnlyConsole, params string[] permissions)
    {
        using var api = Api(owner);
        using var response = await api.PostAsJsonAsync($"/api/v1/servers/{serverId}/shares", new { email, permissions, readOnlyConsole });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var share = await response.Content.ReadFromJsonAsync<JsonElement>();
        var mail = await Factory.Mailbox.ArrivalAsync(email, "shared");
        var link = new Uri(Mailbox.LinkIn(mail, "/shares/accept"));
        var token = Uri.UnescapeDataString(link.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("token=", StringComparison.Ordinal))["token=".Length..]);
        return (share.GetProperty("id").GetInt32(), token);
    }

    /// <summary>Invites and accepts: <paramref name="friend"/> then has the server with <paramref name="permissions"/>.</summary>
    public async Task<int> ShareAsync(Account owner, int serverId, Account friend, bool readOnlyConsole = false, params string[] permissions)
    {
        var (shareId, token) = await InviteAsync(owner, serverId, friend.Email, readOnlyConsole, permissions);
        using var api = Api(friend);
        using var accepted = await api.PostAsJsonAsync("/api/v1/shares/accept", new { token });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        return shareId;
    }
}
