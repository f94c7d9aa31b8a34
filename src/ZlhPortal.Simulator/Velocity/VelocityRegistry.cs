using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Velocity;

/// <summary>
/// The bridge plugin's server map, kept in the simulator's state so a restart keeps it, as the real plugin's
/// config file does. Names compare case-insensitively, as hostnames do.
/// </summary>
internal sealed class VelocityRegistry(SimulatedCluster cluster)
{
    /// <summary>Adds the server, or replaces the one registered under the same name.</summary>
    public void Register(string name, string address, int port)
    {
        lock (cluster.Gate)
        {
            cluster.State.VelocityServers.RemoveAll(s => Same(s.Name, name));
            cluster.State.VelocityServers.Add(new SimVelocityServer { Name = name, Address = address, Port = port });
            cluster.MarkDirty();
        }
    }

    /// <summary>False when nothing was registered under the name.</summary>
    public bool Unregister(string name)
    {
        lock (cluster.Gate)
        {
            if (cluster.State.VelocityServers.RemoveAll(s => Same(s.Name, name)) == 0)
            {
                return false;
            }

            cluster.MarkDirty();
            return true;
        }
    }

    public IReadOnlyList<SimVelocityServer> List()
    {
        lock (cluster.Gate)
        {
            return cluster.State.VelocityServers
                .Select(s => new SimVelocityServer { Name = s.Name, Address = s.Address, Port = s.Port })
                .ToList();
        }
    }

    public SimVelocityServer? Find(string hostname)
    {
        lock (cluster.Gate)
        {
            return cluster.State.VelocityServers.FirstOrDefault(s => Same(s.Name, hostname)) is { } found
                ? new SimVelocityServer { Name = found.Name, Address = found.Address, Port = found.Port }
                : null;
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
