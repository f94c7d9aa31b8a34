using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

public sealed class AccountDeletionTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static Task<HttpResponseMessage> DeleteAsync(PortalClient client) =>
        client.SubmitFormAsync("/Account/Manage/DeletePersonalData", "delete-user", new Dictionary<string, string> { ["Input.Password"] = AccountJourney.Password });

    private async Task<bool> ExistsAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.Email == email);
    }

    [Fact]
    public async Task A_customer_without_servers_can_delete_their_account()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);

        var response = await DeleteAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await ExistsAsync(email));
    }

    [Fact]
    public async Task An_account_that_owns_servers_is_kept_and_says_why()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        await Servers.CreateAsync(factory, email, name: "Keeps Me");
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);

        var response = await DeleteAsync(client);

        Assert.Contains("Delete them first", await response.Content.ReadAsStringAsync());
        Assert.True(await ExistsAsync(email));
    }

    [Fact]
    public async Task An_account_with_billing_records_is_kept_and_says_why_instead_of_failing()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var placed = await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Orders.Checkout>().PlaceAsync(
                await Servers.UserIdAsync(factory, email), new("game-small", "minecraft-paper", "Billed", null), CancellationToken.None);
            Assert.NotNull(placed.Invoice);
        }

        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);

        var response = await DeleteAsync(client);

        Assert.Contains("Contact support to close it", await response.Content.ReadAsStringAsync());
        Assert.True(await ExistsAsync(email));
    }

    [Fact]
    public async Task The_only_admin_cannot_delete_their_account()
    {
        var key = await AccountJourney.EnableTwoFactorAsync(factory, PortalAppFactory.AdminEmail);
        using var client = factory.CreatePortalClient();
        var login = await AccountJourney.LogInAsync(client, PortalAppFactory.AdminEmail, PortalAppFactory.AdminPassword);
        var second = await client.SubmitFormAsync(login.Headers.Location!.ToString(), "login-with-2fa",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = AccountJourney.TotpCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var response = await client.SubmitFormAsync("/Account/Manage/DeletePersonalData", "delete-user",
            new Dictionary<string, string> { ["Input.Password"] = PortalAppFactory.AdminPassword });

        Assert.Contains("only administrator", await response.Content.ReadAsStringAsync());
        Assert.True(await ExistsAsync(PortalAppFactory.AdminEmail));
    }
}
