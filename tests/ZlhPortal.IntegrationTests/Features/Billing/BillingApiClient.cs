using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Dunning;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>A customer scripting the portal with an API token, as operators and customers do.</summary>
public static class BillingApiClient
{
    public const string GoodCard = "4242 4242 4242 4242";

    public static async Task<HttpClient> ForAsync(PortalAppFactory factory, string email)
    {
        var output = new StringWriter();
        Assert.Equal(0, await PortalCli.RunAsync(factory.Services, ["tokens", "create", "--email", email, "--name", "billing", "--days", "365"], output, TextWriter.Null));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", output.ToString().TrimEnd().Split('\n')[^1].Trim());
        return client;
    }

    /// <summary>Places an order; returns the response body (order + invoice).</summary>
    public static async Task<JsonElement> OrderAsync(HttpClient client, string plan = "game-small", string template = "minecraft-paper", string name = "Survival", string? coupon = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/orders", new { plan, template, name, coupon });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    public static Task<HttpResponseMessage> PayAsync(HttpClient client, int invoiceId, string card = GoodCard, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/invoices/{invoiceId}/pay") { Content = JsonContent.Create(new { card }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<BillingRunSummary> RunBillingAsync(PortalAppFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunBillingJob>().RunAsync(CancellationToken.None);
    }

    public static async Task<T> WithDbAsync<T>(PortalAppFactory factory, Func<ZlhPortal.Web.Infrastructure.Data.AppDbContext, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ZlhPortal.Web.Infrastructure.Data.AppDbContext>>()
            .CreateDbContextAsync();
        return await read(db);
    }
}
