using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Notifications.Webhooks;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Notifications;

public sealed class WebhookPortal : IAsyncLifetime
{
    public const int FailureLimit = 3;

    public PortalAppFactory Factory { get; } = new PortalAppFactory()
        .WithSetting("Notifications:AllowLoopbackWebhooks", "true")
        .WithSetting("Notifications:WebhookFailureLimit", FailureLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        // Retries come as soon as the job server picks them up.
        .WithSetting("Notifications:WebhookRetryDelays:0", "00:00:00.010")
        .WithSetting("Notifications:WebhookRetryDelays:1", "00:00:00.010")
        .WithSetting("Notifications:WebhookRetryDelays:2", "00:00:00.010")
        .WithSetting("Notifications:WebhookRetryDelays:3", "00:00:00.010")
        .WithSetting("Notifications:WebhookRetryDelays:4", "00:00:00.010");

    public WebhookListener Listener { get; private set; } = null!;

    public async Task InitializeAsync() => Listener = await WebhookListener.StartAsync();

    public async Task DisposeAsync()
    {
        await Listener.DisposeAsync();
        await Factory.DisposeAsync();
    }
}

/// <summary>Webhooks: signed, retried with backoff, logged, turned off after repeated failures, and never pointed inside.</summary>
public sealed class WebhookTests(WebhookPortal portal) : IClassFixture<WebhookPortal>
{
    private PortalAppFactory Factory => portal.Factory;

    [Fact]
    public async Task A_generic_webhook_gets_the_ready_event_signed_with_its_secret_and_the_test_reports_the_answer()
    {
        var email = await AccountJourney.CreateAsync(Factory, "Customer");
        using var client = await AccountJourney.ApiClientAsync(Factory, email);
        var url = portal.Listener.Url("/signed", 202);
        var created = await client.PostAsJsonAsync("/api/v1/account/webhooks", new { url, format = "generic" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = hook.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);

        var server = await Servers.WaitForAsync(Factory, await Servers.CreateAsync(Factory, email, name: "Hooked World"), ServerStatus.Running);
        var call = (await Eventually.UntilAsync(() => Task.FromResult(portal.Listener.CallsTo("/signed")), c => c.Count >= 1, what: "the webhook call"))[0];

        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal(("server-ready", server.Id, "Hooked World"),
            (body.GetProperty("event").GetString(), body.GetProperty("serverId").GetInt32(), body.GetProperty("serverName").GetString()));
        var timestamp = call.Headers[WebhookSender.TimestampHeader];
        Assert.Equal(WebhookSender.Signature(secret, timestamp, call.Body), call.Headers[WebhookSender.SignatureHeader]);
        Assert.NotEqual(WebhookSender.Signature("whsec_wrong", timestamp, call.Body), call.Headers[WebhookSender.SignatureHeader]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.False(call.Headers.ContainsKey("Cookie"));
        Assert.False(call.Headers.ContainsKey("Authorization"));

        var test = await client.PostAsync($"/api/v1/account/webhooks/{hook.GetProperty("id").GetInt32()}/test", null);
        var result = await test.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, 202), (result.GetProperty("succeeded").GetBoolean(), result.GetProperty("statusCode").GetInt32()));
        Assert.Equal("test", JsonDocument.Parse(portal.Listener.CallsTo("/signed")[^1].Body).RootElement.GetProperty("event").GetString());
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_logged_and_turned_off_with_an_email_after_the_failure_limit()
    {
        var email = await AccountJourney.CreateAsync(Factory, "Customer");
        using var client = await AccountJourney.ApiClientAsync(Factory, email);
        var url = portal.Listener.Url("/broken", 500);
        var id = (await (await client.PostAsJsonAsync("/api/v1/account/webhooks", new { url, format = "discord" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetInt32();
        var ownerId = await Servers.UserIdAsync(Factory, email);

        await Servers.WaitForAsync(Factory, await Servers.CreateAsync(Factory, email, name: "Broken Hook"), ServerStatus.Running);
        await using var scope = Factory.Services.CreateAsyncScope();
        var webhooks = scope.ServiceProvider.GetRequiredService<AccountWebhooks>();
        await Eventually.UntilAsync(() => webhooks.ListAsync(ownerId, CancellationToken.None), h => !h[0].Enabled, what: "the webhook turned off");

        var hooks = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/account/webhooks"))!;
        Assert.Equal((false, WebhookPortal.FailureLimit), (hooks[0].GetProperty("enabled").GetBoolean(), hooks[0].GetProperty("consecutiveFailures").GetInt32()));
        var log = (await webhooks.LogAsync(ownerId, id, CancellationToken.None))!;
        Assert.Equal([(3, 500), (2, 500), (1, 500)], log.Select(a => (a.Number, a.StatusCode!.Value)));
        Assert.All(log, a => Assert.Equal("server-ready", a.Event));
        Assert.Equal(WebhookPortal.FailureLimit, portal.Listener.CallsTo("/broken").Count);
        Assert.Contains("**Broken Hook**", portal.Listener.CallsTo("/broken")[0].Body);
        var mail = await Factory.Mailbox.ArrivalAsync(email, "webhook was turned off");
        Assert.Contains(url, mail.TextBody);
    }

    [Theory]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.0.7/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("ftp://example.com/hook")]
    public async Task A_webhook_to_a_private_address_is_refused(string url)
    {
        using var client = await AccountJourney.ApiClientAsync(Factory, await AccountJourney.CreateAsync(Factory, "Customer"));

        var response = await client.PostAsJsonAsync("/api/v1/account/webhooks", new { url, format = "generic" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/v1/account/webhooks"))!);
    }

    [Fact]
    public async Task The_api_lists_and_deletes_only_the_callers_webhooks()
    {
        using var client = await AccountJourney.ApiClientAsync(Factory, await AccountJourney.CreateAsync(Factory, "Customer"));
        var otherEmail = await AccountJourney.CreateAsync(Factory, "Customer");
        using var stranger = await AccountJourney.ApiClientAsync(Factory, otherEmail);
        var strangersServer = await Servers.CreateAsync(Factory, otherEmail, name: "Not Yours");

        var created = await (await client.PostAsJsonAsync("/api/v1/account/webhooks",
            new { url = portal.Listener.Url("/listed"), format = "discord", kinds = new[] { "crash-loop", "backup-failed" } })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.False(created.TryGetProperty("secret", out _));
        var listed = (await client.GetFromJsonAsync<JsonElement[]>("/api/v1/account/webhooks"))!;
        Assert.Equal((id, "discord"), (listed.Single().GetProperty("id").GetInt32(), listed.Single().GetProperty("format").GetString()));
        Assert.Equal(["crash-loop", "backup-failed"], listed.Single().GetProperty("kinds").EnumerateArray().Select(k => k.GetString()!));

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/account/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/account/webhooks/{id}/test", null)).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement[]>("/api/v1/account/webhooks"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/account/webhooks",
            new { url = portal.Listener.Url("/x"), format = "generic", serverId = strangersServer })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/account/webhooks",
            new { url = portal.Listener.Url("/x"), format = "generic", kinds = new[] { "explosions" } })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/account/webhooks/{id}")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement[]>("/api/v1/account/webhooks"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/account/webhooks/{id}")).StatusCode);
    }
}
