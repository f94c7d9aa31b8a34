using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Support;

public sealed class TicketDeskTests(SupportPortal portal) : IClassFixture<SupportPortal>
{
    private PortalAppFactory Factory => portal.Factory;

    [Fact]
    public async Task A_ticket_goes_from_customer_to_support_and_back_with_the_reply_mailed()
    {
        var (customer, api) = await portal.CustomerAsync();
        var serverId = await Servers.CreateAsync(Factory, customer);
        var (_, support) = await portal.StaffAsync();

        var opened = await SupportPortal.OpenAsync(api, "Server will not start", "It stops after a second.", serverId);
        var id = opened.GetProperty("id").GetInt32();
        Assert.Equal("open", opened.GetProperty("status").GetString());
        Assert.Equal(serverId, opened.GetProperty("serverId").GetInt32());
        Assert.Contains("It stops after a second.", (await Factory.Mailbox.ArrivalAsync(SupportPortal.DeskAddress, $"#{id}]")).TextBody);

        var queue = await support.GetFromJsonAsync<JsonElement>("/api/v1/admin/tickets?status=open&search=will not start");
        Assert.Contains(queue.GetProperty("tickets").EnumerateArray(), t => t.GetProperty("id").GetInt32() == id && t.GetProperty("customerEmail").GetString() == customer);

        var answered = await SupportPortal.ReplyAsync(support, id, "Your world file was damaged; we restored last night's backup.");
        Assert.Equal("waiting-on-customer", answered.GetProperty("status").GetString());
        var mail = await Factory.Mailbox.ArrivalAsync(customer, "Reply to your ticket", $"#{id}");
        Assert.Contains("we restored last night's backup", mail.TextBody);
        Assert.EndsWith($"/support/tickets/{id}", Mailbox.LinkIn(mail, "/support/tickets/"));

        var seen = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}");
        var reply = seen.GetProperty("messages")[1];
        Assert.True(reply.GetProperty("fromStaff").GetBoolean());
        Assert.Equal("Support", reply.GetProperty("author").GetString());

        var back = await SupportPortal.ReplyAsync(api, id, "Works again, thanks!");
        Assert.Equal("open", back.GetProperty("status").GetString());
        using var close = await api.PostAsync($"/api/v1/tickets/{id}/close", null);
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        Assert.Equal("closed", (await close.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("closed", (await support.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}")).GetProperty("status").GetString());

        var reopened = await SupportPortal.ReplyAsync(api, id, "Sorry, it stopped again.");
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        Assert.Equal(4, reopened.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Another_customers_ticket_reads_as_absent()
    {
        var (_, owner) = await portal.CustomerAsync();
        var (_, stranger) = await portal.CustomerAsync();
        var id = (await SupportPortal.OpenAsync(owner, "Billing question")).GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/tickets/{id}")).StatusCode);
        using var reply = await stranger.PostAsJsonAsync($"/api/v1/tickets/{id}/replies", new { body = "Me too" });
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/tickets/{id}/close", null)).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/v1/tickets")).EnumerateArray());
        Assert.Single((await owner.GetFromJsonAsync<JsonElement>("/api/v1/tickets")).EnumerateArray());
    }

    [Fact]
    public async Task A_ticket_cannot_name_another_customers_server()
    {
        var (other, _) = await portal.CustomerAsync();
        var theirs = await Servers.CreateAsync(Factory, other);
        var (_, api) = await portal.CustomerAsync();

        using var response = await api.PostAsJsonAsync("/api/v1/tickets", new { subject = "Look at this", body = "Please", serverId = theirs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"no server {theirs}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/v1/tickets")).EnumerateArray());
    }

    [Theory]
    [InlineData("{\"subject\":\"\",\"body\":\"x\"}", "subject")]
    [InlineData("{\"subject\":\"Hi\",\"body\":\"  \"}", "Write a message")]
    [InlineData("{\"subject\":\"Hi\",\"body\":\"x\",\"serverId\":\"abc\"}", "serverId")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("{", "not valid JSON")]
    public async Task Bad_ticket_input_is_a_400_that_says_what_to_fix(string json, string expected)
    {
        var (_, api) = await portal.CustomerAsync();

        using var response = await api.PostAsync("/api/v1/tickets", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_and_nothing_of_the_message_is_saved()
    {
        var (_, api) = await portal.CustomerAsync();
        var id = (await SupportPortal.OpenAsync(api, "Crash log")).GetProperty("id").GetInt32();

        using var response = await api.PostAsync($"/api/v1/tickets/{id}/replies", Form("Here is the log.", ("crash.log", new byte[SupportPortal.AttachmentLimit + 1])));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("crash.log", detail);
        Assert.Contains("at most 4 KB", detail);
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}")).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Attachments_are_downloaded_only_by_the_tickets_customer_and_staff()
    {
        var (_, owner) = await portal.CustomerAsync();
        var (_, stranger) = await portal.CustomerAsync();
        var (_, support) = await portal.StaffAsync();
        var id = (await SupportPortal.OpenAsync(owner, "Screenshot")).GetProperty("id").GetInt32();
        using var sent = await owner.PostAsync($"/api/v1/tickets/{id}/replies", Form("See the page.", ("page.html", "<script>alert(1)</script>"u8.ToArray())));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var url = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[1].GetProperty("attachments")[0].GetProperty("url").GetString()!;

        using var download = await owner.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("page.html", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("<script>alert(1)</script>", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Staff_notes_stay_with_staff_and_change_nothing_for_the_customer()
    {
        var (customer, api) = await portal.CustomerAsync();
        var (_, support) = await portal.StaffAsync();
        var id = (await SupportPortal.OpenAsync(api, "Lag spikes")).GetProperty("id").GetInt32();

        using var note = await support.PostAsJsonAsync($"/api/v1/tickets/{id}/replies", new { body = "Node 2 is overloaded, moving soon.", @internal = true });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);

        var seen = await api.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{id}");
        Assert.Equal("open", seen.GetProperty("status").GetString());
        Assert.Equal(1, seen.GetProperty("messages").GetArrayLength());
        Assert.Empty(Factory.Mailbox.MessagesTo(customer));
        using var sneaky = await api.PostAsJsonAsync($"/api/v1/tickets/{id}/replies", new { body = "hidden?", @internal = true });
        Assert.Equal(HttpStatusCode.BadRequest, sneaky.StatusCode);
    }

    [Fact]
    public async Task The_staff_queue_needs_a_support_or_admin_token_with_two_factor()
    {
        var (_, customer) = await portal.CustomerAsync();
        var (_, support) = await portal.StaffAsync();
        var (_, admin) = await portal.StaffAsync(Roles.Admin);
        var (lapsedEmail, lapsed) = await portal.StaffAsync();
        await portal.DisableTwoFactorAsync(lapsedEmail);
        using var anonymous = Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/admin/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lapsed.GetAsync("/api/v1/admin/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/v1/admin/tickets?status=waiting-on-customer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/admin/tickets?status=pending")).StatusCode);
    }

    private static MultipartFormDataContent Form(string body, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(body), "body" } };
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("text/html");
            form.Add(part, "files", name);
        }

        return form;
    }
}
