using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Infrastructure.Jobs;

public sealed class RecurringJobTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public void Every_recurring_job_a_feature_declares_is_scheduled_at_start_with_its_configured_cron()
    {
        using var client = factory.CreateClient();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);

        // Billing's run comes from Billing:RunSchedule (the test factory sets a date that never comes), the reconciler's from its interval.
        Assert.Equal("0 0 31 2 *", jobs["billing-run"]);
        Assert.Equal("*/1 * * * *", jobs["reconcile-servers"]);
    }
}
