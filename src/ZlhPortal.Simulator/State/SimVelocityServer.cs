namespace ZlhPortal.Simulator.State;

/// <summary>A backend registered with the Velocity bridge: players who type <see cref="Name"/> reach <see cref="Address"/>:<see cref="Port"/>.</summary>
internal sealed class SimVelocityServer
{
    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public int Port { get; set; }
}
