namespace ZlhPortal.Simulator.Agents;

internal sealed record AgentFileEntry(string Path, long Size);
