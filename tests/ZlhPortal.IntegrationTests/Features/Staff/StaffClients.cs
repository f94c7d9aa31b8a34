using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.IntegrationTests.Features.Staff;

/// <summary>API clients of customers and staff for the staff-on-servers tests.</summary>
public static class StaffClients
{
    /// <summary>A staff member with two-factor authentication and an API token.</summary>
    public static async Task<(string Email, HttpClient Client)> StaffAsync(PortalAppFactory factory, string role)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return (email, await AccountJourney.ApiClientAsync(factory, email));
    }

    /// <summary>An admin whose token was made with two-factor authentication, which was then turned off.</summary>
    public static async Task<HttpClient> AdminWithoutTwoFactorAsync(PortalAppFactory factory)
    {
        var (email, client) = await StaffAsync(factory, "Admin");
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!, false)).Succeeded);
        return client;
    }

    /// <summary>The customer's account activity page, as they read it.</summary>
    public static async Task<string> ActivityPageAsync(PortalAppFactory factory, string email)
    {
        using var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);
        return System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage/Activity"));
    }
}
