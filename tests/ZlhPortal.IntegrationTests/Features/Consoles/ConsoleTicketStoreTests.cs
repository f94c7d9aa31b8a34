using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Consoles.Sessions;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>Console and IDE tickets are shared by every instance on one database, used once wherever they land, and stored only as hashes.</summary>
public sealed class ConsoleTicketStoreTests : IDisposable
{
    private readonly PortalAppFactory first = new();
    private readonly PortalAppFactory second;

    public ConsoleTicketStoreTests() => second = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString);

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task A_ticket_minted_on_one_instance_opens_once_on_another_and_the_database_holds_no_usable_token()
    {
        var onFirst = first.Services.GetRequiredService<ConsoleTickets>();
        var onSecond = second.Services.GetRequiredService<ConsoleTickets>();
        var ticket = await onFirst.MintAsync("user-1", 42, null, readOnly: false);

        Assert.Equal("user-1", (await onSecond.PeekAsync(ticket.Token, 42, TicketPurpose.Console))?.UserId);
        var redeemed = await Task.WhenAll(onSecond.RedeemAsync(ticket.Token, 42), onFirst.RedeemAsync(ticket.Token, 42), onSecond.RedeemAsync(ticket.Token, 42));

        Assert.Single(redeemed, t => t is not null);
        Assert.Null(await onFirst.PeekAsync(ticket.Token, 42, TicketPurpose.Console));
        var other = await onFirst.MintAsync("user-2", 43, "support reason", readOnly: true, TicketPurpose.Ide);
        var stored = await BillingApiClient.WithDbAsync(first, db => db.ConsoleTickets.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(stored, t => t.TokenHash.Contains(other.Token, StringComparison.Ordinal));
        Assert.Null(await onSecond.RedeemAsync(other.Token, 43, TicketPurpose.Console)); // wrong purpose: spent, not opened
        Assert.Null(await onSecond.RedeemAsync(other.Token, 43, TicketPurpose.Ide));
    }
}
