using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The zlh-agent of one running container (DESIGN.md §7) on its own loopback address, plus the web IDE
/// for dev containers. Lives as long as the container runs; the scripted process is <see cref="GameProcess"/>,
/// the HTTP API <see cref="AgentEndpoints"/>.
/// </summary>
internal sealed class AgentRuntime : IAsyncDisposable
{
    private readonly SimulatedCluster cluster;
    private readonly IServiceProvider services;
    private readonly CancellationTokenSource life = new();
    private readonly SimAgentState detached = new();
    private readonly AgentEndpoints endpoints;
    private KestrelServer? server;

    public AgentRuntime(SimulatedCluster cluster, int vmid, AgentRequestLog requests, IServiceProvider services)
    {
        this.cluster = cluster;
        this.services = services;
        Vmid = vmid;
        string? configJson;
        lock (cluster.Gate)
        {
            var c = cluster.State.Containers[vmid];
            Address = IPAddress.Parse(c.AgentAddress!);
            Kind = c.Kind;
            Profile = c.Profile;
            configJson = c.Agent.ConfigJson;
        }

        Process = new GameProcess(this, configJson);
        endpoints = new AgentEndpoints(this, requests);
    }

    public int Vmid { get; }

    public IPAddress Address { get; }

    public string Kind { get; }

    public string Profile { get; }

    public ConsoleHub Console { get; } = new();

    public GameProcess Process { get; }

    public string State => Process.State;

    internal SimulatedCluster Cluster => cluster;

    /// <summary>Cancelled when the container stops: ends the process script, consoles and IDE sessions.</summary>
    internal CancellationToken Lifetime => life.Token;

    /// <summary>
    /// The agent's persisted state; call under the cluster gate. A destroyed container's agent may still
    /// answer for a moment before it is stopped, so it then works on a detached copy instead of failing.
    /// </summary>
    internal SimAgentState Persisted =>
        cluster.State.Containers.TryGetValue(Vmid, out var c) ? c.Agent : detached;

    public async Task StartAsync()
    {
        var options = cluster.Options;
        server = BareKestrel.Create(services, kestrel =>
        {
            // A native agent writes console output into the kernel's socket buffer; Kestrel's default 64 KB would pace the
            // simulated one below what a proxy in front of it can carry, and B3's bulk figures would measure the agent.
            kestrel.Limits.MaxResponseBufferSize = 1 << 20;
            kestrel.Listen(Address, options.AgentPort);
            if (Kind == "dev")
            {
                kestrel.Listen(Address, options.IdePort);
            }
        });
        var pipeline = new ApplicationBuilder(services);
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(25) });
        pipeline.Run(endpoints.HandleAsync);
        await server.StartAsync(new AgentHttpApplication(pipeline.Build(), services), CancellationToken.None);

        Process.Log("zlh-agent 1.4.0 started");
        bool resume;
        lock (cluster.Gate)
        {
            var agent = Persisted;
            resume = agent.Configured && agent.ProcessWanted;
        }

        if (resume)
        {
            Process.Resume();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await life.CancelAsync();
        Process.Dispose();
        Console.CloseAll();
        if (server is not null)
        {
            await BareKestrel.StopAsync(server);
        }

        life.Dispose();
    }

    /// <summary>What <c>GET /config</c> answers.</summary>
    public System.Text.Json.Nodes.JsonObject DescribeSettings()
    {
        var restartRequired = Process.RestartRequired;
        lock (cluster.Gate)
        {
            return AgentSettings.Describe(Persisted.ConfigJson, Persisted.Files, restartRequired);
        }
    }

    /// <summary>Merges settings from <c>POST /config</c> that install nothing; they apply at the game's next start.</summary>
    /// <returns>Whether the running game must restart to use them.</returns>
    public bool ChangeSettings(System.Text.Json.Nodes.JsonObject settings)
    {
        lock (cluster.Gate)
        {
            var persisted = Persisted;
            persisted.ConfigJson = AgentSettings.Merge(persisted.ConfigJson, settings);
            AgentSettings.WriteFiles(persisted.Files, settings);
            cluster.MarkDirty();
        }

        return Process.SettingsChanged();
    }

    /// <summary>Every file (not folders or links) with its size, for the IDE's file list and its terminal's <c>ls</c>.</summary>
    public IReadOnlyList<AgentFileEntry> ListFiles(string? directory)
    {
        var prefix = string.IsNullOrEmpty(directory) || directory == "/" ? "" : AgentFiles.Confine(directory) + "/";
        lock (cluster.Gate)
        {
            return Persisted.Files
                .Where(f => f.Value.IsFile && f.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new AgentFileEntry(f.Key, f.Value.Content!.LongLength)).ToList();
        }
    }

    /// <summary>A text file's content (UTF-8), or null when there is no such file.</summary>
    public string? ReadFile(string path) => Files(tree => tree.Read(path)).Value is { } content ? Encoding.UTF8.GetString(content) : null;

    public void WriteFile(string path, string content) => Files(tree => tree.Write(path, Encoding.UTF8.GetBytes(content)), changes: true);

    /// <summary>Runs a file operation on the container's tree under the cluster gate; a change that succeeded is persisted.</summary>
    public AgentFileResult<T> Files<T>(Func<AgentFileTree, AgentFileResult<T>> operation, bool changes = false)
        where T : class
    {
        lock (cluster.Gate)
        {
            var result = operation(new AgentFileTree(Persisted.Files, cluster.Now, cluster.Options.AgentMaxFileBytes));
            if (changes && result.Value is not null)
            {
                cluster.MarkDirty();
            }

            return result;
        }
    }
}
