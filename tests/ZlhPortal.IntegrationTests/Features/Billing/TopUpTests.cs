using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class TopUpTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_top_up_paid_by_card_adds_credit_once_however_often_it_is_paid()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var created = await client.PostAsJsonAsync("/api/v1/account/credit/top-up", new { amount = 2500 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var invoice = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, invoice.GetProperty("tax").GetInt64());
        var id = invoice.GetProperty("id").GetInt32();

        var payments = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => BillingApiClient.PayAsync(client, id)));
        Assert.Contains(payments, p => p.StatusCode == HttpStatusCode.OK);
        await BillingApiClient.RunBillingAsync(factory);

        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/credit");
        Assert.Equal(2500, credit.GetProperty("balance").GetInt64());
        Assert.Equal("TopUp", Assert.Single(credit.GetProperty("entries").EnumerateArray()).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("{\"amount\":-500}")]
    [InlineData("{\"amount\":0}")]
    [InlineData("{\"amount\":499}")]
    [InlineData("{\"amount\":100000000000}")]
    [InlineData("{}")]
    [InlineData("{\"amount\":\"lots\"}")]
    [InlineData("{\"amount\":12.5}")]
    public async Task Negative_tiny_huge_or_malformed_amounts_are_refused_and_nothing_is_created(string json)
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var before = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync(i => i.Kind == InvoiceKind.TopUp));

        var response = await client.PostAsync("/api/v1/account/credit/top-up", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync(i => i.Kind == InvoiceKind.TopUp)));
    }
}
