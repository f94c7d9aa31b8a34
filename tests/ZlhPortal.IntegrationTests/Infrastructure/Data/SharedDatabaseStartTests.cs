using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Infrastructure.Data;

/// <summary>Instances started at the same moment on a database nobody created yet come up together, with one set of roles and one first admin.</summary>
[Trait("Database", "PostgreSql")]
public sealed class SharedDatabaseStartTests : IDisposable
{
    private readonly PortalAppFactory first = new();
    private readonly PortalAppFactory second;
    private readonly PortalAppFactory third;

    public SharedDatabaseStartTests()
    {
        Assert.True(TestDatabase.IsPostgreSql, $"Several instances on one database need PostgreSQL: set {TestDatabase.Variable} (tests/run.sh does).");
        second = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString);
        third = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString);
    }

    public void Dispose()
    {
        third.Dispose();
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task Three_instances_starting_at_once_on_a_new_database_all_serve_with_one_admin_and_one_of_each_role()
    {
        var started = await Task.WhenAll(new[] { first, second, third }.Select(portal => Task.Run(async () =>
        {
            using var client = portal.CreateClient();
            return (await client.GetAsync("/health/live")).StatusCode;
        })));

        Assert.All(started, status => Assert.Equal(System.Net.HttpStatusCode.OK, status));
        var roles = await BillingApiClient.WithDbAsync(second, db => db.Roles.Select(r => r.NormalizedName).ToListAsync());
        Assert.Equal(Roles.All.Select(r => r.ToUpperInvariant()).Order(), roles.Order());
        var admins = await BillingApiClient.WithDbAsync(third, db =>
            (from user in db.Users
             join link in db.UserRoles on user.Id equals link.UserId
             join role in db.Roles on link.RoleId equals role.Id
             where role.Name == Roles.Admin
             select user.Id).CountAsync());
        Assert.Equal(1, admins);
    }
}
