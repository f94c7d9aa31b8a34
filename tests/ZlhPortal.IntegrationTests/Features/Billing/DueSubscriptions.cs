using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>Running servers on Game S whose paid-up period ends in two days: all due for a renewal invoice.</summary>
public static class DueSubscriptions
{
    public static async Task AddAsync(AppDbContext db, string ownerId, int count, DateTimeOffset now)
    {
        var servers = Enumerable.Range(0, count).Select(i => new HostedServer
        {
            OwnerId = ownerId, Name = $"World {i}", Kind = ServerKind.Game, PlanId = 1, TemplateId = 1, Status = ServerStatus.Running,
            AgentCredentialProtected = "-", CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.Servers.AddRange(servers);
        await db.SaveChangesAsync();
        db.Subscriptions.AddRange(servers.Select(s => new Subscription
        {
            ServerId = s.Id, CustomerId = ownerId, PlanId = 1, MonthlyPriceMinor = 699, Status = SubscriptionStatus.Active,
            CurrentPeriodStart = now.AddDays(-28), CurrentPeriodEnd = now.AddDays(2), CreatedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
    }
}
