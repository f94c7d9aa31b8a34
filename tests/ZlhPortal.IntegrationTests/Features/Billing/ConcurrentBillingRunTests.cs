using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class ConcurrentBillingRunTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Billing_runs_started_at_the_same_time_issue_one_gap_free_invoice_per_subscription()
    {
        const int count = 120;
        var owner = await Servers.UserIdAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var now = DateTimeOffset.UtcNow;
        await BillingApiClient.WithDbAsync(factory, async db =>
        {
            await DueSubscriptions.AddAsync(db, owner, count, now);
            return count;
        });

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => BillingApiClient.RunBillingAsync(factory)));
        await BillingApiClient.RunBillingAsync(factory);

        Assert.Equal(count, runs.Sum(r => r.InvoicesIssued));
        var invoices = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.AsNoTracking()
            .Where(i => i.CustomerId == owner).Select(i => new { i.SubscriptionId, i.NumberSequence, i.NumberYear }).ToListAsync());
        Assert.Equal(count, invoices.Select(i => i.SubscriptionId).Distinct().Count());
        var all = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.NumberSequence != null).Select(i => i.NumberSequence!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(1, all.Count), all.Order());
    }
}
