using System.Runtime.InteropServices;

namespace ZlhPortal.Simulator;

/// <summary>
/// Runs the simulator standalone. Settings come from an optional <c>simulator.json</c> in the working
/// directory, <c>ZLHSIM_</c> environment variables and the command line (<c>--ApiPort=8007</c>).
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = ReadOptions(args, Environment.CurrentDirectory);
        await using var host = await SimulatorHost.StartAsync(options);
        Console.WriteLine($"""
            ZlhPortal runtime simulator
              Proxmox VE API   {host.ProxmoxApiUrl}
              fingerprint      {host.CertificateFingerprint}
              API token        {host.ApiTokenId} = {host.ApiTokenSecret}
              root@pam         password {host.RootPassword}
              DNS API          {host.DnsApiUrl}api/zones/records/get?token={host.DnsToken}
              control          {host.ControlUrl}
              Velocity bridge  {host.VelocityBridgeUrl}zpack/list (secret {host.VelocitySecret}; send its SHA-256 hex as X-Zpack-Secret)
              Velocity edge    {host.EdgeEndpoint} (Minecraft players, routed by hostname)
              agents           {options.AgentAddressBlock} port {options.AgentPort} (IDE port {options.IdePort})
              state            {(string.IsNullOrEmpty(options.StateFile) ? "in memory" : Path.GetFullPath(options.StateFile))}
            Press Ctrl+C to stop.
            """);

        var stop = new TaskCompletionSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        await stop.Task;
        Console.WriteLine("Stopping; running tasks will be reported as failed on the next start.");
        return 0;
    }

    /// <summary>
    /// The standalone settings: state under <c>.simulator/</c> in <paramref name="directory"/> unless
    /// configured (an empty <c>StateFile</c> keeps everything in memory), the Velocity bridge on 8090 and its player
    /// listener on 25565.
    /// </summary>
    public static SimulatorOptions ReadOptions(string[] args, string directory)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(directory, "simulator.json"), optional: true)
            .AddEnvironmentVariables("ZLHSIM_")
            .AddCommandLine(args)
            .Build();
        // Standalone, the edge takes the ports a real one has; in-process simulators default to free ports.
        var options = new SimulatorOptions { StateFile = Path.Combine(directory, ".simulator", "state.json"), BridgePort = 8090, EdgePort = 25565 };
        configuration.Bind(options);
        return options;
    }
}
