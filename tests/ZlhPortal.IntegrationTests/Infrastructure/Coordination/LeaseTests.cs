using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.Web.Infrastructure.Coordination;

namespace ZlhPortal.IntegrationTests.Infrastructure.Coordination;

/// <summary>Leases exclude across instances sharing one database, and a holder that stops renewing loses its lease.</summary>
public sealed class LeaseTests : IDisposable
{
    private readonly PortalAppFactory first = new PortalAppFactory().WithSetting("Leases:Duration", "00:00:03");
    private readonly PortalAppFactory second;

    public LeaseTests() =>
        second = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString).WithSetting("Leases:Duration", "00:00:03");

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task A_lease_one_instance_holds_is_refused_to_another_until_it_is_given_back()
    {
        var onFirst = first.Services.GetRequiredService<Leases>();
        var onSecond = second.Services.GetRequiredService<Leases>();

        var held = await onFirst.TryAcquireAsync("server:7", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await onSecond.TryAcquireAsync("server:7", CancellationToken.None));
        Assert.Null(await onFirst.TryAcquireAsync("server:7", CancellationToken.None));
        await using (var other = await onSecond.TryAcquireAsync("server:8", CancellationToken.None))
        {
            Assert.NotNull(other);
        }

        var waiting = onSecond.AcquireAsync("server:7", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await held!.DisposeAsync();
        await using var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("server:7", taken.Key);
        Assert.True((await onFirst.StatesAsync("server:", CancellationToken.None))["server:7"]);
    }

    [Fact]
    public async Task A_lease_kept_renewed_outlives_its_duration_and_one_left_to_run_out_is_taken_over_and_lost_by_its_holder()
    {
        var onFirst = first.Services.GetRequiredService<Leases>();
        var onSecond = second.Services.GetRequiredService<Leases>();
        // An instance whose clock is ahead: to it, a lease not renewed in the last minutes has run out.
        using var later = new PortalAppFactory().WithSetting("Database:ConnectionString", first.DatabaseConnectionString)
            .WithSetting("Leases:Duration", "00:00:03").WithFakeTime(DateTimeOffset.UtcNow.AddMinutes(5));
        var taker = later.Services.GetRequiredService<Leases>();
        await using var held = (await onFirst.TryAcquireAsync("clone:200", CancellationToken.None))!;

        // Renewed at a third of its 3 s duration: its expiry moves on while the holder works, and nobody else gets it.
        var firstExpiry = await ExpiryAsync("clone:200");
        await Eventually.UntilAsync(() => ExpiryAsync("clone:200"), expiry => expiry > firstExpiry, TimeSpan.FromSeconds(10), "a renewal");
        Assert.Null(await onSecond.TryAcquireAsync("clone:200", CancellationToken.None));
        Assert.False(held.Lost.IsCancellationRequested);

        // As if the holder had stopped renewing minutes ago: the lease ran out; it is taken over, and the old holder
        // notices at its next renewal.
        Assert.False((await taker.StatesAsync("clone:", CancellationToken.None))["clone:200"]);
        await using var takenOver = await taker.TryAcquireAsync("clone:200", CancellationToken.None);
        Assert.NotNull(takenOver);
        await Eventually.UntilAsync(() => Task.FromResult(held.Lost.IsCancellationRequested), lost => lost, TimeSpan.FromSeconds(10), "the old holder to see its lease lost");
    }

    private Task<DateTimeOffset> ExpiryAsync(string key) =>
        BillingApiClient.WithDbAsync(first, db => db.Leases.AsNoTracking().Where(l => l.Key == key).Select(l => l.ExpiresAt).SingleAsync());
}
