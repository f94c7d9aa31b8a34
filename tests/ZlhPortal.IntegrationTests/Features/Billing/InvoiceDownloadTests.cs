using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UglyToad.PdfPig;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class InvoiceDownloadTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_paid_invoice_downloads_as_a_pdf_with_its_number_lines_and_total_and_only_for_its_owner()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var invoiceId = (await BillingApiClient.OrderAsync(client, plan: "game-medium", template: "valheim", name: "Viking Hall")).GetProperty("invoice").GetProperty("id").GetInt32();
        var paid = await (await BillingApiClient.PayAsync(client, invoiceId)).Content.ReadFromJsonAsync<JsonElement>();
        var number = paid.GetProperty("invoice").GetProperty("number").GetString()!;

        var response = await client.GetAsync($"/api/v1/invoices/{invoiceId}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(number, response.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.Contains("Viking Hall", text, StringComparison.Ordinal);
        Assert.Contains("14.27", text, StringComparison.Ordinal); // 11.99 + 19 % = 14.2681 → 14.27

        var stranger = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/invoices/{invoiceId}/pdf")).StatusCode);
    }
}
