using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Accounts.Activity;

namespace ZlhPortal.IntegrationTests.Features.Staff;

/// <summary>The back office's customer view over <c>/api/v1/admin/customers</c> and <c>/admin/customers/{id}</c>: what staff see and the actions they take, each with a reason.</summary>
public sealed class CustomerViewTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_customer_view_shows_profile_servers_subscriptions_invoices_payments_credit_and_activity()
    {
        var (customer, email, id) = await CustomerAsync();
        var invoice = (await BillingApiClient.OrderAsync(customer, name: "Lobby")).GetProperty("invoice").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, invoice)).StatusCode);
        using var support = await StaffAsync("Support");

        var found = await support.GetFromJsonAsync<JsonElement>($"/api/v1/admin/customers?search={Uri.EscapeDataString(email)}");
        var view = await support.GetFromJsonAsync<JsonElement>($"/api/v1/admin/customers/{id}");

        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(id, found.GetProperty("items")[0].GetProperty("id").GetString());
        var profile = view.GetProperty("profile");
        Assert.Equal(email, profile.GetProperty("email").GetString());
        Assert.True(profile.GetProperty("emailConfirmed").GetBoolean());
        Assert.False(profile.GetProperty("lockedOut").GetBoolean());
        Assert.Equal("Lobby", Assert.Single(view.GetProperty("servers").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("Lobby", Assert.Single(view.GetProperty("subscriptions").EnumerateArray()).GetProperty("serverName").GetString());
        var paid = Assert.Single(view.GetProperty("invoices").EnumerateArray());
        Assert.Equal(invoice, paid.GetProperty("id").GetInt32());
        Assert.Equal(paid.GetProperty("totalMinor").GetInt64(), Assert.Single(view.GetProperty("payments").EnumerateArray()).GetProperty("amountMinor").GetInt64());
        Assert.Equal(0, view.GetProperty("credit").GetProperty("balanceMinor").GetInt64());
        Assert.Contains(view.GetProperty("recentActivity").EnumerateArray(), a => a.GetProperty("kind").GetString() == nameof(AccountActivityKind.AccountCreated));
    }

    [Fact]
    public async Task Staff_need_a_support_or_admin_token_with_two_factor_for_every_customer_and_activity_endpoint()
    {
        var (customer, _, id) = await CustomerAsync();
        using var anonymous = factory.CreateClient();
        // A staff token is only issued with 2FA on; one whose owner turned 2FA off since must stop working.
        var supportWithout = await AccountJourney.CreateAsync(factory, "Support");
        await AccountJourney.EnableTwoFactorAsync(factory, supportWithout);
        using var supportNoTwoFactor = await AccountJourney.ApiClientAsync(factory, supportWithout);
        await WithUserAsync(supportWithout, (users, user) => users.SetTwoFactorEnabledAsync(user, false));
        using var support = await StaffAsync("Support");
        using var admin = await StaffAsync("Admin");
        string[] reads = ["/api/v1/admin/customers?search=a", $"/api/v1/admin/customers/{id}", "/api/v1/admin/activity"];

        foreach (var path in reads)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await supportNoTwoFactor.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await support.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync($"/api/v1/admin/customers/{id}/notes", new { text = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/notes", new { text = "Called about lag" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync("/api/v1/admin/customers/no-such-id")).StatusCode);
    }

    [Fact]
    public async Task A_note_stays_with_staff_and_never_reaches_the_customers_activity()
    {
        var (customer, email, id) = await CustomerAsync();
        using var support = await StaffAsync("Support");
        using var web = await SignedInAsync(email);

        var added = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/notes", new { text = "Prefers email, not phone" });
        var empty = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/notes", new { text = "  " });
        var unknown = await support.PostAsJsonAsync("/api/v1/admin/customers/nobody/notes", new { text = "x" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Write the note", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var view = await support.GetFromJsonAsync<JsonElement>($"/api/v1/admin/customers/{id}");
        Assert.Equal("Prefers email, not phone", Assert.Single(view.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString());
        var own = WebUtility.HtmlDecode(await web.GetStringAsync("/Account/Manage/Activity"));
        Assert.DoesNotContain("Prefers email", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlocking_needs_a_reason_lets_the_customer_sign_in_and_shows_them_who_and_why()
    {
        var (_, email, id) = await CustomerAsync();
        await WithUserAsync(email, async (users, user) => await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1)));
        var supportEmail = await AccountJourney.CreateAsync(factory, "Support");
        await AccountJourney.EnableTwoFactorAsync(factory, supportEmail);
        using var support = await AccountJourney.ApiClientAsync(factory, supportEmail);
        using var locked = factory.CreatePortalClient();
        var refusedLogin = await AccountJourney.LogInAsync(locked, email);

        var noReason = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/unlock", new { reason = "" });
        var unlocked = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/unlock", new { reason = "Verified by phone, ticket 42" });
        var again = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/unlock", new { reason = "Twice" });

        Assert.Contains("Lockout", refusedLogin.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var web = factory.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(web, email)).StatusCode);
        var own = WebUtility.HtmlDecode(await web.GetStringAsync("/Account/Manage/Activity"));
        Assert.Contains($"unlocked by {supportEmail}: Verified by phone, ticket 42", own, StringComparison.Ordinal);
        var row = await BillingApiClient.WithDbAsync(factory, db => db.AccountActivities.AsNoTracking().SingleAsync(a => a.UserId == id && a.Kind == AccountActivityKind.UnlockedByStaff));
        Assert.Equal(await UserIdAsync(supportEmail), row.ActorId);
    }

    [Fact]
    public async Task Resending_the_confirmation_mails_an_unconfirmed_customer_and_refuses_a_confirmed_one()
    {
        var email = AccountJourney.NewEmail("unconfirmed");
        using (var client = factory.CreatePortalClient())
        {
            await AccountJourney.SignUpAsync(client, email);
        }

        await factory.Mailbox.ArrivalAsync(email, "Confirm");
        var id = await UserIdAsync(email);
        var (_, _, confirmedId) = await CustomerAsync();
        using var support = await StaffAsync("Support");

        var sent = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/resend-confirmation", new { reason = "Customer says the first mail never came" });
        var refused = await support.PostAsJsonAsync($"/api/v1/admin/customers/{confirmedId}/resend-confirmation", new { reason = "Just in case" });

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await Eventually.UntilAsync(() => Task.FromResult(factory.Mailbox.MessagesTo(email).Count(m => (m.Subject ?? "").Contains("Confirm", StringComparison.Ordinal))),
            count => count == 2, what: "a second confirmation email");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already confirmed", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await BillingApiClient.WithDbAsync(factory, db => db.AccountActivities.AnyAsync(a =>
            a.UserId == id && a.Kind == AccountActivityKind.ConfirmationResentByStaff && a.Detail.Contains("never came"))));
    }

    [Fact]
    public async Task Only_an_admin_resets_a_customers_two_factor_and_the_reason_is_logged()
    {
        var (_, email, id) = await CustomerAsync();
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        using var support = await StaffAsync("Support");
        using var admin = await StaffAsync("Admin");

        var bySupport = await support.PostAsJsonAsync($"/api/v1/admin/customers/{id}/reset-2fa", new { reason = "Lost phone" });
        var byAdmin = await admin.PostAsJsonAsync($"/api/v1/admin/customers/{id}/reset-2fa", new { reason = "Lost phone, identity checked" });

        Assert.Equal(HttpStatusCode.Forbidden, bySupport.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.False(await WithUserAsync(email, (users, user) => users.GetTwoFactorEnabledAsync(user)));
        Assert.True(await BillingApiClient.WithDbAsync(factory, db => db.AccountActivities.AnyAsync(a =>
            a.UserId == id && a.Kind == AccountActivityKind.TwoFactorReset && a.Detail.Contains("identity checked") && a.ActorId != null)));
    }

    [Fact]
    public async Task The_customer_page_is_for_staff_with_two_factor_and_says_when_there_is_no_such_customer()
    {
        var (_, email, id) = await CustomerAsync();
        var supportEmail = await AccountJourney.CreateAsync(factory, "Support");
        var key = await AccountJourney.EnableTwoFactorAsync(factory, supportEmail);
        using var support = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(support, supportEmail, key);
        using var other = await SignedInAsync((await CustomerAsync()).Email);
        using var anonymous = factory.CreatePortalClient();

        var page = await support.GetAsync($"/admin/customers/{id}");
        var missing = await support.GetAsync("/admin/customers/not-a-customer");
        var byCustomer = await other.GetAsync($"/admin/customers/{id}");
        var byAnonymous = await anonymous.GetAsync($"/admin/customers/{id}");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(email, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("No such customer", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, byAnonymous.StatusCode);
        Assert.Contains("/Account/Login", byAnonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
        var search = WebUtility.HtmlDecode(await support.GetStringAsync("/admin/activity"));
        Assert.Contains("Activity log", search, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Client, string Email, string Id)> CustomerAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        return (await BillingApiClient.ForAsync(factory, email), email, await UserIdAsync(email));
    }

    private async Task<HttpClient> StaffAsync(string role)
    {
        var email = await AccountJourney.CreateAsync(factory, role);
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return await AccountJourney.ApiClientAsync(factory, email);
    }

    private async Task<PortalClient> SignedInAsync(string email)
    {
        var client = factory.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email)).StatusCode);
        return client;
    }

    private Task<string> UserIdAsync(string email) => BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<T> WithUserAsync<T>(string email, Func<UserManager<ApplicationUser>, ApplicationUser, Task<T>> act)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await act(users, (await users.FindByEmailAsync(email))!);
    }
}
