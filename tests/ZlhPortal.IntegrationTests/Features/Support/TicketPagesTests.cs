using System.Net;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Support;

public sealed class TicketPagesTests(SupportPortal portal) : IClassFixture<SupportPortal>
{
    private PortalAppFactory Factory => portal.Factory;

    private async Task<PortalClient> SignedInAsync(string email, bool twoFactor = false)
    {
        var client = Factory.CreatePortalClient();
        if (twoFactor)
        {
            await AccountJourney.LogInWithTwoFactorAsync(client, email, await AccountJourney.EnableTwoFactorAsync(Factory, email));
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(client, email)).StatusCode);
        }

        return client;
    }

    [Theory]
    [InlineData("/support/tickets")]
    [InlineData("/support/tickets/new")]
    [InlineData("/support/queue")]
    [InlineData("/support/canned-replies")]
    public async Task Anonymous_visitors_are_sent_to_log_in(string path)
    {
        using var client = Factory.CreatePortalClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_customer_finds_support_in_the_navigation_and_sees_their_own_tickets_only()
    {
        var (customer, api) = await portal.CustomerAsync();
        var (_, other) = await portal.CustomerAsync();
        var mine = (await SupportPortal.OpenAsync(api, "Mine: cannot connect")).GetProperty("id").GetInt32();
        var theirs = (await SupportPortal.OpenAsync(other, "Theirs: refund please")).GetProperty("id").GetInt32();
        using var client = await SignedInAsync(customer);

        var home = await client.GetStringAsync("/");
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/support/tickets"));
        var own = WebUtility.HtmlDecode(await client.GetStringAsync($"/support/tickets/{mine}"));
        var foreign = WebUtility.HtmlDecode(await client.GetStringAsync($"/support/tickets/{theirs}"));

        Assert.Contains("href=\"/support/tickets\"", home);
        Assert.Contains("Mine: cannot connect", list);
        Assert.DoesNotContain("Theirs", list);
        Assert.Contains("It does not start.", own);
        Assert.DoesNotContain("staff-panel", own);
        Assert.Contains("No such ticket", foreign);
        Assert.DoesNotContain("refund please", foreign);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/support/tickets/new")).StatusCode);
    }

    [Theory]
    [InlineData("/support/queue")]
    [InlineData("/support/canned-replies")]
    public async Task A_customer_gets_403_on_the_staff_desk(string path)
    {
        var (customer, _) = await portal.CustomerAsync();
        using var client = await SignedInAsync(customer);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Staff_without_two_factor_are_sent_to_set_it_up_before_the_queue()
    {
        var email = await AccountJourney.CreateAsync(Factory, Roles.Support);
        using var client = await SignedInAsync(email);

        var response = await client.GetAsync("/support/queue");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData(Roles.Support)]
    [InlineData(Roles.Admin)]
    public async Task Staff_with_two_factor_work_the_queue_and_any_ticket(string role)
    {
        var (customer, api) = await portal.CustomerAsync();
        var subject = $"Queue check {Guid.NewGuid():N}";
        var id = (await SupportPortal.OpenAsync(api, subject)).GetProperty("id").GetInt32();
        using var client = await SignedInAsync(await AccountJourney.CreateAsync(Factory, role), twoFactor: true);

        var queue = WebUtility.HtmlDecode(await client.GetStringAsync("/support/queue"));
        var ticket = WebUtility.HtmlDecode(await client.GetStringAsync($"/support/tickets/{id}"));

        Assert.Contains(subject, queue);
        Assert.Contains("Ticket queue", queue);
        Assert.Contains("staff-panel", ticket);
        Assert.Contains($"/admin/customers/", ticket);
        Assert.Contains(customer, ticket);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/support/canned-replies")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/support")).StatusCode);
    }

    [Fact]
    public async Task Attachments_download_with_the_cookie_only_for_the_tickets_customer()
    {
        var (owner, api) = await portal.CustomerAsync();
        var (stranger, _) = await portal.CustomerAsync();
        var form = new MultipartFormDataContent
        {
            { new StringContent("Log attached"), "subject" }, { new StringContent("See file."), "body" },
            { new ByteArrayContent("line 1"u8.ToArray()), "files", "latest.log" },
        };
        using var opened = await api.PostAsync("/api/v1/tickets", form);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var ticket = System.Text.Json.JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement;
        var path = $"/support/tickets/{ticket.GetProperty("id").GetInt32()}/attachments/{ticket.GetProperty("messages")[0].GetProperty("attachments")[0].GetProperty("id").GetInt64()}";
        using var ownerClient = await SignedInAsync(owner);
        using var strangerClient = await SignedInAsync(stranger);

        Assert.Contains(path, await ownerClient.GetStringAsync($"/support/tickets/{ticket.GetProperty("id").GetInt32()}"));
        var download = await ownerClient.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("line 1", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync(path)).StatusCode);
    }
}
