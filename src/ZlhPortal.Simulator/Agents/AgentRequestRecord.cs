namespace ZlhPortal.Simulator.Agents;

internal sealed record AgentRequestRecord(
    DateTimeOffset Time, int Vmid, string Address, int Port, string Method, string Path, string Query,
    IReadOnlyDictionary<string, string> Headers, bool WebSocket, string? Body = null);
