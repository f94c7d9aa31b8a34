using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts.Activity;

namespace ZlhPortal.IntegrationTests.Features.Staff;

/// <summary><c>GET /api/v1/admin/activity</c> and the page's CSV download: each filter narrows the rows, CSV has exactly the filtered rows.</summary>
public sealed class ActivityLogFilterTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly DateTimeOffset Day = new(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_filter_narrows_the_rows_to_what_it_names()
    {
        var (alice, staffId, otherStaffId) = await SeedAsync();
        using var support = await StaffAsync();

        async Task<IReadOnlyList<string>> DetailsAsync(string query)
        {
            // Seeded rows sit in 2031, after the accounts' own "created" rows.
            var page = await support.GetFromJsonAsync<JsonElement>($"/api/v1/admin/activity?{query}&pageSize=200" + (query.Contains("from=", StringComparison.Ordinal) ? "" : "&from=2031-01-01"));
            return page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("detail").GetString()!.Split(", ")[^1]).ToList();
        }

        Assert.Equal(["a-suspend", "a-power", "a-login"], await DetailsAsync($"customer={alice}"));
        Assert.Equal(["a-suspend"], await DetailsAsync($"customer={alice}&kind=ServerSuspendedByStaff"));
        Assert.Equal(["a-suspend"], await DetailsAsync($"customer={alice}&kind=server-suspended-by-staff"));
        Assert.Equal(["a-power"], await DetailsAsync($"actor={otherStaffId}"));
        Assert.Equal(["a-suspend", "b-suspend"], (await DetailsAsync($"actor={staffId}")).Order().ToList());
        Assert.Equal(["a-suspend", "a-power"], await DetailsAsync($"customer={alice}&server=901"));
        Assert.Equal(["a-power", "a-login"], await DetailsAsync($"customer={alice}&from=2031-03-08&to=2031-03-09"));
        Assert.Equal(["a-suspend"], await DetailsAsync($"customer={alice}&from=2031-03-10"));
        var found = await support.GetFromJsonAsync<JsonElement>($"/api/v1/admin/activity?customer={alice}&kind=ServerSuspendedByStaff");
        var row = found.GetProperty("items")[0];
        Assert.Equal(staffId, row.GetProperty("actorId").GetString());
        Assert.Equal(901, row.GetProperty("serverId").GetInt32());
    }

    [Theory]
    [InlineData("kind=Nonsense", "Unknown kind")]
    [InlineData("server=abc", "server number")]
    [InlineData("from=yesterday", "is a date such as 2026-12-01")]
    [InlineData("from=2031-03-10&to=2031-03-01", "must be before")]
    public async Task A_bad_filter_is_a_400_that_says_what_is_wrong(string query, string message)
    {
        using var support = await StaffAsync();

        var response = await support.GetAsync($"/api/v1/admin/activity?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_holds_the_filtered_rows_quoted_and_safe_for_spreadsheets()
    {
        var (alice, _, _) = await SeedAsync();
        using var support = await StaffAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/admin/activity?customer={alice}&server=901");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await support.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("at_utc,kind,customer,customer_id,staff,server,detail,ip_address", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("ServerSuspendedByStaff", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",901,a-suspend,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",901,\"'=HYPERLINK(\"\"x\"\"), a-power\",", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_csv_download_needs_a_signed_in_staff_member()
    {
        var (alice, _, _) = await SeedAsync();
        var supportEmail = await AccountJourney.CreateAsync(factory, "Support");
        var key = await AccountJourney.EnableTwoFactorAsync(factory, supportEmail);
        using var support = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(support, supportEmail, key);
        using var customer = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(customer, await AccountJourney.CreateAsync(factory, "Customer"));

        var file = await support.GetAsync($"/admin/activity.csv?customer={alice}&kind=UnlockedByStaff");
        var refused = await customer.GetAsync($"/admin/activity.csv?customer={alice}");

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        Assert.Single((await file.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>Two customers' rows on known days, by two staff members: returns (alice's email, staff id, other staff id).</summary>
    private async Task<(string Alice, string StaffId, string OtherStaffId)> SeedAsync()
    {
        var alice = await AccountJourney.CreateAsync(factory, "Customer");
        var bob = await AccountJourney.CreateAsync(factory, "Customer");
        var staff = await AccountJourney.CreateAsync(factory, "Support");
        var other = await AccountJourney.CreateAsync(factory, "Admin");
        return await BillingApiClient.WithDbAsync(factory, async db =>
        {
            var ids = await db.Users.Where(u => u.Email == alice || u.Email == bob || u.Email == staff || u.Email == other).ToDictionaryAsync(u => u.Email!, u => u.Id);
            db.AccountActivities.AddRange(
                new AccountActivity { UserId = ids[alice], Kind = AccountActivityKind.LoginSucceeded, Detail = "a-login", At = Day.AddDays(-2) },
                new AccountActivity { UserId = ids[alice], Kind = AccountActivityKind.ServerPowerByStaff, Detail = "=HYPERLINK(\"x\"), a-power", At = Day.AddDays(-1), ActorId = ids[other], ServerId = 901 },
                new AccountActivity { UserId = ids[alice], Kind = AccountActivityKind.ServerSuspendedByStaff, Detail = "a-suspend", At = Day, ActorId = ids[staff], ServerId = 901 },
                new AccountActivity { UserId = ids[bob], Kind = AccountActivityKind.ServerSuspendedByStaff, Detail = "b-suspend", At = Day, ActorId = ids[staff], ServerId = 902 });
            await db.SaveChangesAsync();
            return (alice, ids[staff], ids[other]);
        });
    }

    private async Task<HttpClient> StaffAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Support");
        await AccountJourney.EnableTwoFactorAsync(factory, email);
        return await AccountJourney.ApiClientAsync(factory, email);
    }
}
