using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>
/// An order's place is held while a paid order's server takes over its own place at the same moment. The placement
/// reads what is taken from the servers and then from the reservations; the takeover commits between the two reads
/// here every time (the test pays the first order right after the servers were read), which once gave both orders
/// one VMID and answered the second payment with a 500 after the money was taken. PostgreSQL only: SQLite has one
/// writer, so the takeover waits for the placement to finish and the two cannot interleave.
/// </summary>
[Trait("Database", "PostgreSql")]
public sealed class ReservationTakeoverRaceTests : IDisposable
{
    private readonly AfterServersRead hook = new();
    private readonly PortalAppFactory factory;

    public ReservationTakeoverRaceTests()
    {
        Assert.True(TestDatabase.IsPostgreSql, $"This race needs PostgreSQL: set {TestDatabase.Variable} (tests/run.sh does).");
        factory = new PortalAppFactory().WithServices(services => services.AddSingleton<IInterceptor>(hook));
    }

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_place_held_while_another_order_takes_over_its_own_gets_another_vmid_and_both_payments_succeed()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var first = (await BillingApiClient.OrderAsync(client, name: "First")).GetProperty("invoice").GetProperty("id").GetInt32();
        HttpResponseMessage? firstPaid = null;
        hook.Arm(async () => firstPaid = await BillingApiClient.PayAsync(client, first));

        var second = (await BillingApiClient.OrderAsync(client, name: "Second")).GetProperty("invoice").GetProperty("id").GetInt32();
        Assert.True(hook.Fired, "The first order was paid while the second one's place was being picked.");
        var secondPaid = await BillingApiClient.PayAsync(client, second);

        Assert.Equal(HttpStatusCode.OK, firstPaid!.StatusCode);
        Assert.True(secondPaid.StatusCode == HttpStatusCode.OK, await secondPaid.Content.ReadAsStringAsync());
        var held = await BillingApiClient.WithDbAsync(factory, db => db.CapacityReservations.OrderBy(r => r.Id).Select(r => r.Vmid).ToListAsync());
        Assert.Equal(2, held.Count);
        Assert.NotEqual(held[0], held[1]);
        var vmids = await BillingApiClient.WithDbAsync(factory, db => db.Servers.OrderBy(s => s.Id).Select(s => s.Vmid).ToListAsync());
        Assert.Equal(held, vmids);
    }

    /// <summary>Runs an action once, right after the next read of the VMIDs that servers hold.</summary>
    private sealed class AfterServersRead : DbCommandInterceptor
    {
        private Func<Task>? action;

        public bool Fired { get; private set; }

        public void Arm(Func<Task> next) => action = next;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"Servers\"", StringComparison.Ordinal)
                && command.CommandText.Contains("\"Vmid\" IS NOT NULL", StringComparison.Ordinal)
                && Interlocked.Exchange(ref action, null) is { } next)
            {
                await next();
                Fired = true;
            }

            return result;
        }
    }
}
