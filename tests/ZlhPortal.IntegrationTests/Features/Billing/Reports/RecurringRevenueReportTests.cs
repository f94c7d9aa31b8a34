using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing.Reports;

/// <summary>
/// Recurring revenue and churn month by month: three servers bought in April, one cancelled and ended by the billing
/// run in May while another is bought, nothing in June.
/// </summary>
public sealed class RecurringRevenueReportTests : IDisposable
{
    private static readonly DateTimeOffset April = new(2026, 4, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly PortalAppFactory factory = new PortalAppFactory().WithFakeTime(April);

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Each_month_end_shows_mrr_and_the_subscriptions_started_ended_and_churned()
    {
        var admin = await AdminAsync();
        await ThreeMonthsOfSubscriptionsAsync();

        var report = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/reports/mrr?from=2026-03&to=2026-06");

        Assert.Equal("EUR", report.GetProperty("currency").GetString());
        var months = report.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!);
        Assert.Equal(["2026-03", "2026-04", "2026-05", "2026-06"], months.Keys);
        Assert.Equal((0L, 0, 0, 0, 0, 0m), Figures(months["2026-03"]));
        Assert.Equal((699L + 1199 + 699, 3, 0, 3, 0, 0m), Figures(months["2026-04"]));
        // One of the three running at the start of May ended: 33.3 %; the new large server replaces it.
        Assert.Equal((1199L + 699 + 1899, 3, 3, 1, 1, 33.3m), Figures(months["2026-05"]));
        Assert.Equal((1199L + 699 + 1899, 3, 3, 0, 0, 0m), Figures(months["2026-06"]));

        // Nothing is suspended, so this month's end is the overview's recurring base.
        await using var scope = factory.Services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<BillingAdministration>().RevenueAsync();
        Assert.Equal((summary.MonthlyRecurringMinor, summary.ActiveSubscriptions), (months["2026-06"].GetProperty("monthlyRecurringMinor").GetInt64(), 3));
    }

    [Fact]
    public async Task The_mrr_report_downloads_as_csv()
    {
        var admin = await AdminAsync();
        await ThreeMonthsOfSubscriptionsAsync();

        var response = await admin.GetAsync("/api/v1/admin/reports/mrr?from=2026-04&to=2026-05&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("mrr-2026-04-to-2026-05.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(
            "month,currency,mrr,active,active_at_start,new,churned,churn_rate_percent\r\n"
            + "2026-04,EUR,25.97,3,0,3,0,0.0\r\n"
            + "2026-05,EUR,37.97,3,3,1,1,33.3\r\n",
            await response.Content.ReadAsStringAsync());
    }

    private static (long Mrr, int Active, int AtStart, int New, int Churned, decimal Rate) Figures(JsonElement month) => (
        month.GetProperty("monthlyRecurringMinor").GetInt64(), month.GetProperty("active").GetInt32(), month.GetProperty("activeAtStart").GetInt32(),
        month.GetProperty("new").GetInt32(), month.GetProperty("churned").GetInt32(), month.GetProperty("churnRatePercent").GetDecimal());

    private async Task ThreeMonthsOfSubscriptionsAsync()
    {
        var leaving = await CustomerAsync();
        var leavingInvoice = await OrderAndPayAsync(leaving, "game-small");
        await OrderAndPayAsync(await CustomerAsync(), "game-medium");
        await OrderAndPayAsync(await CustomerAsync(), "game-small");

        await AllServersRunningAsync();
        factory.Time!.SetUtcNow(April.AddDays(10));
        var serverId = await BillingApiClient.WithDbAsync(factory, db => db.Subscriptions
            .Where(s => db.Invoices.Any(i => i.Id == leavingInvoice && i.CustomerId == s.CustomerId)).Select(s => s.ServerId).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await leaving.PostAsJsonAsync($"/api/v1/servers/{serverId}/cancel", new { atPeriodEnd = true })).StatusCode);

        // The paid month ends on 10 May; the billing run after it ends the cancelled subscription.
        await AllServersRunningAsync();
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 5, 12, 8, 0, 0, TimeSpan.Zero));
        await BillingApiClient.RunBillingAsync(factory);
        await OrderAndPayAsync(await CustomerAsync(), "game-large");

        await AllServersRunningAsync();
        factory.Time.SetUtcNow(new DateTimeOffset(2026, 6, 3, 9, 0, 0, TimeSpan.Zero));
    }

    private async Task<HttpClient> CustomerAsync() => await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));

    private static async Task<int> OrderAndPayAsync(HttpClient customer, string plan)
    {
        var invoiceId = (await BillingApiClient.OrderAsync(customer, plan: plan, name: "Monthly")).GetProperty("invoice").GetProperty("id").GetInt32();
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
