using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>Agents' <c>/status</c> is read often only for servers someone has open, and for all of them in the slow round.</summary>
public sealed class AgentStatusMonitorTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<int> StatusReadsAsync(int vmid) => (await Servers.AgentRequestsAsync(factory, vmid)).Count(r => r == "GET /status");

    [Fact]
    public async Task Only_watched_servers_are_read_between_full_rounds_and_the_full_round_reads_every_running_server()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var watched = await RunningServers.CreateAsync(factory.Services, owner);
        var unwatched = await RunningServers.CreateAsync(factory.Services, owner);
        var monitor = factory.Services.GetRequiredService<AgentStatusMonitor>();
        var unwatchedBefore = await StatusReadsAsync(unwatched.Vmid);

        using (await monitor.WatchAsync(watched.Id))
        {
            var reading = monitor.Get(watched.Id);
            Assert.Equal("running", reading?.Status?.State);
            Assert.NotNull(reading!.Status!.MemoryMb);
            var watchedBefore = await StatusReadsAsync(watched.Vmid);

            await monitor.PollAsync(full: false, CancellationToken.None);

            Assert.True(await StatusReadsAsync(watched.Vmid) > watchedBefore);
            Assert.Equal(unwatchedBefore, await StatusReadsAsync(unwatched.Vmid));
            Assert.Null(monitor.Get(unwatched.Id));
        }

        Assert.DoesNotContain(watched.Id, monitor.Watched);
        await monitor.PollAsync(full: true, CancellationToken.None);

        Assert.True(await StatusReadsAsync(unwatched.Vmid) > unwatchedBefore);
        Assert.Equal("running", monitor.Get(unwatched.Id)?.Status?.State);
    }

    [Fact]
    public async Task A_server_whose_agent_does_not_answer_reads_as_not_answering_rather_than_failing()
    {
        var owner = await AccountJourney.CreateAsync(factory, "Customer");
        var server = await RunningServers.CreateAsync(factory.Services, owner);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            // An address no simulated agent listens on: the agent is gone.
            await db.Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.IpAddress, "127.3.2.1"));
        }

        using var watch = await factory.Services.GetRequiredService<AgentStatusMonitor>().WatchAsync(server.Id);

        var reading = factory.Services.GetRequiredService<AgentStatusMonitor>().Get(server.Id);
        Assert.NotNull(reading);
        Assert.Null(reading.Status);
    }
}
