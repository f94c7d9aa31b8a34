using System.Collections.Concurrent;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Agents;

/// <summary>Starts an agent when a container starts and stops it when the container stops or is destroyed.</summary>
internal sealed class AgentSupervisor(SimulatedCluster cluster, AgentRequestLog requests, IServiceProvider services) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, AgentRuntime> agents = new();
    private readonly SemaphoreSlim changes = new(1, 1);

    public AgentRequestLog Requests => requests;

    public AgentRuntime? Get(int vmid) => agents.GetValueOrDefault(vmid);

    public async Task StartAsync(int vmid)
    {
        if (!cluster.Options.StartAgents)
        {
            return;
        }

        lock (cluster.Gate)
        {
            if (!cluster.State.Containers.TryGetValue(vmid, out var c) || c.Kind == "none" || c.AgentAddress is null || !c.IsRunning)
            {
                return;
            }
        }

        await changes.WaitAsync();
        try
        {
            if (agents.ContainsKey(vmid))
            {
                return;
            }

            var agent = new AgentRuntime(cluster, vmid, requests, services);
            await agent.StartAsync();
            agents[vmid] = agent;
        }
        finally
        {
            changes.Release();
        }
    }

    public async Task StopAsync(int vmid)
    {
        await changes.WaitAsync();
        try
        {
            if (agents.TryRemove(vmid, out var agent))
            {
                await agent.DisposeAsync();
            }
        }
        finally
        {
            changes.Release();
        }
    }

    /// <summary>After a restart of the simulator, containers that were running get their agents back.</summary>
    public async Task StartAllRunningAsync()
    {
        List<int> running;
        lock (cluster.Gate)
        {
            running = cluster.State.Containers.Values.Where(c => c.IsRunning).Select(c => c.Vmid).ToList();
        }

        foreach (var vmid in running)
        {
            await StartAsync(vmid);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var vmid in agents.Keys.ToList())
        {
            await StopAsync(vmid);
        }

        changes.Dispose();
    }
}
