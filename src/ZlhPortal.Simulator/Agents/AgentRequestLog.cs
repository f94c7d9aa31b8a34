using System.Collections.Concurrent;

namespace ZlhPortal.Simulator.Agents;

/// <summary>Every request the agents and IDEs received, with headers, so tests can prove what the portal forwarded.</summary>
internal sealed class AgentRequestLog
{
    private const int Capacity = 20_000;
    private readonly ConcurrentQueue<AgentRequestRecord> records = new();

    public void Add(AgentRequestRecord record)
    {
        records.Enqueue(record);
        while (records.Count > Capacity && records.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<AgentRequestRecord> Snapshot(int? vmid) =>
        records.Where(r => vmid is null || r.Vmid == vmid).ToList();

    public void Clear() => records.Clear();
}
