using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Support;

/// <summary>One portal for the support desk's tests, with a small attachment limit and a desk address; every test makes its own accounts.</summary>
public sealed class SupportPortal : IDisposable
{
    public const string DeskAddress = "desk@example.test";

    public const int AttachmentLimit = 4096;

    public PortalAppFactory Factory { get; } = new PortalAppFactory()
        .WithSetting("Support:MaxAttachmentBytes", AttachmentLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Support:NotifyAddress", DeskAddress);

    public async Task<(string Email, HttpClient Api)> CustomerAsync()
    {
        var email = await AccountJourney.CreateAsync(Factory, Roles.Customer);
        return (email, await AccountJourney.ApiClientAsync(Factory, email));
    }

    /// <summary>Support staff (or an admin) with two-factor authentication and an API token.</summary>
    public async Task<(string Email, HttpClient Api)> StaffAsync(string role = Roles.Support)
    {
        var email = await AccountJourney.CreateAsync(Factory, role);
        await AccountJourney.EnableTwoFactorAsync(Factory, email);
        return (email, await AccountJourney.ApiClientAsync(Factory, email));
    }

    /// <summary>Turns two-factor authentication off again (a token made before keeps working as a token without it).</summary>
    public async Task DisableTwoFactorAsync(string email)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!, false)).Succeeded);
    }

    public static async Task<JsonElement> OpenAsync(HttpClient api, string subject, string body = "It does not start.", int? serverId = null)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/tickets", new { subject, body, serverId });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> ReplyAsync(HttpClient api, int ticketId, string body)
    {
        using var response = await api.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/replies", new { body });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose() => Factory.Dispose();
}
