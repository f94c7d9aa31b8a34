using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Billing.Reports;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing.Reports;

/// <summary>
/// Revenue by month over two months of real orders, payments, credit notes and refunds: each lands in the month it
/// happened, tax by the buyer's country, and the current month agrees with the dashboard.
/// </summary>
public sealed class RevenueReportTests : IDisposable
{
    private static readonly DateTimeOffset May = new(2026, 5, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset June = new(2026, 6, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(May);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Each_month_counts_what_was_invoiced_collected_refunded_and_credited_in_it_with_tax_by_country()
    {
        var admin = await AdminAsync();
        await TwoMonthsOfBillingAsync(admin);

        var report = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/reports/revenue?from=2026-04&to=2026-06");

        Assert.Equal("EUR", report.GetProperty("currency").GetString());
        var months = report.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-04", "2026-05", "2026-06"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal([0L, 0, 0, 0, 0], Figures(months[0]));
        Assert.Empty(months[0].GetProperty("taxByCountry").EnumerateArray());

        // May: game-small 6.99 + 19 % German tax = 8.32 paid; 2.00 credited back to the card and 1.00 as account credit.
        Assert.Equal([832L, 832, 200, 300, 632], Figures(months[1]));
        // Each credit note carries the invoice's 19 %: 2.00 = 1.68 + 0.32 and 1.00 = 0.84 + 0.16.
        Assert.Equal([("DE", 699L - 168 - 84, 133L - 32 - 16)], TaxByCountry(months[1]));

        // June: a French customer's game-small at 20 %: 6.99 + 1.40.
        Assert.Equal([839L, 839, 0, 0, 839], Figures(months[2]));
        Assert.Equal([("FR", 699L, 140L)], TaxByCountry(months[2]));
    }

    [Fact]
    public async Task The_current_month_of_the_report_is_the_dashboards_revenue_summary()
    {
        var admin = await AdminAsync();
        await TwoMonthsOfBillingAsync(admin);
        await AllServersRunningAsync();
        factory.Time!.SetUtcNow(June.AddDays(3));
        var card = await CustomerAsync("DE");
        var invoiceId = await OrderAndPayAsync(card);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/credit-note", new { reason = "Outage", amount = 150, toCard = true })).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<BillingAdministration>().RevenueAsync();
        var (range, _) = MonthRange.Parse(null, null, factory.Time.GetUtcNow());
        var report = await scope.ServiceProvider.GetRequiredService<RevenueReport>().RevenueAsync(range!);

        var current = report.Months[^1];
        Assert.Equal("2026-06", current.Month);
        Assert.Equal(12, report.Months.Count);
        Assert.Equal(
            (summary.InvoicedMinor, summary.CollectedMinor, summary.CreditNotesMinor, summary.RefundedToCardMinor),
            (current.InvoicedMinor, current.CollectedMinor, current.CreditNotesMinor, current.RefundedMinor));
        Assert.Equal((839L + 832, 150L), (current.InvoicedMinor, current.RefundedMinor));
    }

    [Fact]
    public async Task The_report_downloads_as_csv_with_amounts_in_major_units_and_a_tax_column_per_country()
    {
        var admin = await AdminAsync();
        await TwoMonthsOfBillingAsync(admin);
        const string Expected =
            "month,currency,invoiced,collected,refunded,credit_notes,net,tax_DE,tax_FR\r\n"
            + "2026-05,EUR,8.32,8.32,2.00,3.00,6.32,0.85,0.00\r\n"
            + "2026-06,EUR,8.39,8.39,0.00,0.00,8.39,0.00,1.40\r\n";

        var byQuery = await admin.GetAsync("/api/v1/admin/reports/revenue?from=2026-05&to=2026-06&format=csv");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/reports/revenue?from=2026-05&to=2026-06");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var byAccept = await admin.SendAsync(request);

        foreach (var response in new[] { byQuery, byAccept })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("revenue-2026-05-to-2026-06.csv", response.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal(Expected, await response.Content.ReadAsStringAsync());
        }
    }

    private static long[] Figures(JsonElement month) =>
        new[] { "invoicedMinor", "collectedMinor", "refundedMinor", "creditNotesMinor", "netMinor" }.Select(f => month.GetProperty(f).GetInt64()).ToArray();

    private static (string?, long, long)[] TaxByCountry(JsonElement month) => month.GetProperty("taxByCountry").EnumerateArray()
        .Select(t => (t.GetProperty("country").GetString(), t.GetProperty("netSalesMinor").GetInt64(), t.GetProperty("taxMinor").GetInt64())).ToArray();

    /// <summary>May: a German customer pays, gets 2.00 back on the card and 1.00 as credit, and abandons a second order. June: a French customer pays.</summary>
    private async Task TwoMonthsOfBillingAsync(HttpClient admin)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<TaxTable>().SaveAsync("FR", "TVA", 20));
        }

        var german = await CustomerAsync("DE");
        var paid = await OrderAndPayAsync(german);
        await BillingApiClient.OrderAsync(german, name: "Abandoned");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paid}/credit-note", new { reason = "Refund", amount = 200, toCard = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paid}/credit-note", new { reason = "Goodwill", amount = 100, toCard = false })).StatusCode);

        await AllServersRunningAsync();
        factory.Time!.SetUtcNow(June);
        await OrderAndPayAsync(await CustomerAsync("FR"));
    }

    private async Task<HttpClient> CustomerAsync(string country)
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        await BillingApiClient.WithDbAsync(factory, db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.BillingCountry, country)));
        return await BillingApiClient.ForAsync(factory, email);
    }

    private static async Task<int> OrderAndPayAsync(HttpClient customer)
    {
        var invoiceId = (await BillingApiClient.OrderAsync(customer, name: "Monthly")).GetProperty("invoice").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, invoiceId)).StatusCode);
        return invoiceId;
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, admin);
        return await BillingApiClient.ForAsync(factory, admin);
    }

    // Moving the clock past a server still being set up would time its setup out (and refund it): let them finish first.
    private Task AllServersRunningAsync() => Eventually.UntilAsync(
        () => BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync(s => s.Status != ServerStatus.Running && s.Status != ServerStatus.Deleted)),
        notRunning => notRunning == 0, TimeSpan.FromSeconds(60), "every server running");
}
