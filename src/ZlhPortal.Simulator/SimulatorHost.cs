using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ZlhPortal.Simulator.Agents;
using ZlhPortal.Simulator.Control;
using ZlhPortal.Simulator.Dns;
using ZlhPortal.Simulator.ProxmoxApi;
using ZlhPortal.Simulator.State;
using ZlhPortal.Simulator.Velocity;

namespace ZlhPortal.Simulator;

/// <summary>
/// A running simulated runtime host: the Proxmox VE API over HTTPS, one zlh-agent per running container on
/// its own loopback address (and its game port while the game runs), a Technitium-style DNS API, and the Velocity
/// edge: the bridge plugin's HTTP API and a player listener that routes Minecraft players by hostname. Started in-process by the portal's embedded
/// default and by tests; <c>dotnet run --project src/ZlhPortal.Simulator</c> runs the same thing standalone.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SimulatedCluster cluster;
    private readonly AgentSupervisor agents;
    private readonly StateStore store;
    private readonly SimulatorSecrets secrets;
    private readonly VelocityBridge bridge;
    private readonly VelocityEdge edge;
    private int disposed;

    private SimulatorHost(WebApplication app, SimulatedCluster cluster, AgentSupervisor agents, StateStore store, X509Certificate2 certificate,
        SimulatorSecrets secrets, SimulatorOptions options, Uri apiUrl, Uri dnsUrl, VelocityBridge bridge, Uri bridgeUrl, VelocityEdge edge,
        IPEndPoint edgeEndpoint)
    {
        this.bridge = bridge;
        this.edge = edge;
        VelocityBridgeUrl = bridgeUrl;
        EdgeEndpoint = edgeEndpoint;
        this.app = app;
        this.cluster = cluster;
        this.agents = agents;
        this.store = store;
        this.secrets = secrets;
        Certificate = certificate;
        Options = options;
        ProxmoxApiUrl = apiUrl;
        DnsApiUrl = dnsUrl;
        ControlUrl = new Uri(apiUrl, "/_sim/");
    }

    public SimulatorOptions Options { get; }

    /// <summary><c>https://127.0.0.1:{port}/api2/json</c>.</summary>
    public Uri ProxmoxApiUrl { get; }

    /// <summary>The API's self-signed certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>SHA-256 of <see cref="Certificate"/> as Proxmox shows it (<c>AB:CD:…</c>), for pinning.</summary>
    public string CertificateFingerprint => CertificateStore.Fingerprint(Certificate);

    /// <summary>The full token, <c>user@realm!tokenid=secret</c>: the configured one, else this state folder's random one.</summary>
    public string ApiToken => secrets.ApiToken;

    /// <summary><c>user@realm!tokenid</c>.</summary>
    public string ApiTokenId => ApiToken[..ApiToken.IndexOf('=', StringComparison.Ordinal)];

    public string ApiTokenSecret => ApiToken[(ApiToken.IndexOf('=', StringComparison.Ordinal) + 1)..];

    /// <summary>Password of <c>root@pam</c> for ticket logins: the configured one, else this state folder's random one.</summary>
    public string RootPassword => secrets.RootPassword;

    /// <summary><c>http://127.0.0.1:{port}/</c>; calls go to <c>api/zones/records/…?token=</c>.</summary>
    public Uri DnsApiUrl { get; }

    public string DnsToken => secrets.DnsToken;

    /// <summary><c>http://127.0.0.1:{port}/</c>: the Velocity bridge API, <c>zpack/register|unregister|list</c>.</summary>
    public Uri VelocityBridgeUrl { get; }

    /// <summary>
    /// The bridge's shared secret: the configured one, else this state folder's random one. Calls carry its lower-case hex
    /// SHA-256 in <c>X-Zpack-Secret</c>.
    /// </summary>
    public string VelocitySecret => secrets.BridgeSecret;

    /// <summary>Where Minecraft players connect to be routed by hostname (the address and port actually bound).</summary>
    public IPEndPoint EdgeEndpoint { get; }

    /// <summary><c>https://127.0.0.1:{port}/_sim/</c>: inventory, faults, agent request log (same token as the API).</summary>
    public Uri ControlUrl { get; }

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = IPAddress.Parse(options.ListenAddress);
        var stateDirectory = string.IsNullOrEmpty(options.StateFile) ? null : Path.GetDirectoryName(Path.GetFullPath(options.StateFile))!;
        var certificatePath = options.CertificateFile ?? (stateDirectory is null ? null : Path.Combine(stateDirectory, "simulator-certificate.pfx"));
        var secrets = SimulatorSecrets.Resolve(options, stateDirectory is null ? null : Path.Combine(stateDirectory, SimulatorSecrets.FileName));
        var certificate = CertificateStore.LoadOrCreate(certificatePath, options.ListenAddress);
        var stateFile = string.IsNullOrEmpty(options.StateFile) ? null : options.StateFile;
        var store = new StateStore(stateFile);
        var cluster = new SimulatedCluster(options, store, new SimulatorFaults());

        // An empty builder: no appsettings.json, no environment config, so nothing of the hosting app leaks in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(listen, options.ApiPort, listenOptions =>
            {
                // pveproxy speaks HTTP/1.1 only, and error texts travel in the reason phrase, which HTTP/2 does not have.
                listenOptions.Protocols = HttpProtocols.Http1;
                listenOptions.UseHttps(certificate);
            });
            kestrel.Listen(listen, options.DnsPort);
        });
        builder.Services.AddRouting();
        if (options.Verbose)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
        }

        var app = builder.Build();
        var requests = new AgentRequestLog();
        var agents = new AgentSupervisor(cluster, requests, app.Services);
        cluster.Agents = agents;
        var auth = new PveAuthentication(options, secrets);
        var dns = new DnsApi(cluster, secrets.DnsToken);
        var fingerprint = CertificateStore.Fingerprint(certificate);

        app.Use(async (context, next) =>
        {
            // The DNS API is the plain-HTTP listener; everything else is HTTPS.
            if (!context.Request.IsHttps)
            {
                await dns.HandleAsync(context);
                return;
            }

            var path = context.Request.Path;
            bool down;
            lock (cluster.Gate)
            {
                down = cluster.Faults.ApiDown;
            }

            // The control API stays up so a test can bring the host back.
            if (down && path.StartsWithSegments("/api2/json"))
            {
                context.Abort();
                return;
            }

            if (!path.StartsWithSegments("/api2/json") && !path.StartsWithSegments("/_sim"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
                && (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0))
            {
                await PveWire.WriteAsync(context, new PveReply(501, $"Unexpected content for method '{context.Request.Method}'", null));
                return;
            }

            var anonymous = HttpMethods.IsPost(context.Request.Method) && path.Equals("/api2/json/access/ticket", StringComparison.Ordinal);
            if (!anonymous && !await auth.AuthenticateAsync(context))
            {
                return;
            }

            await next();
        });
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api2/json", out var rest) && await FaultAsync(context, cluster, rest.Value ?? ""))
            {
                return;
            }

            await next();
        });
        if (options.Verbose)
        {
            app.Use(async (context, next) =>
            {
                await next();
                Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {context.Request.Method} {context.Request.Path}{context.Request.QueryString} -> {context.Response.StatusCode}");
            });
        }

        app.MapProxmoxApi(cluster, auth, fingerprint);
        var velocity = new VelocityRegistry(cluster);
        app.MapSimulatorControl(cluster, agents, velocity);

        await app.StartAsync(ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var https = new Uri(addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal)));
        var http = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        var bridge = new VelocityBridge(velocity, secrets.BridgeSecret);
        var edge = new VelocityEdge(velocity);
        Uri bridgeUrl;
        IPEndPoint edgeEndpoint;
        try
        {
            bridgeUrl = await bridge.StartAsync(listen, options.BridgePort, app.Services);
            edgeEndpoint = edge.Start(IPAddress.Parse(options.EdgeAddress), options.EdgePort);
        }
        catch
        {
            // A taken port fails the start; nothing of this host may stay behind listening.
            await edge.DisposeAsync();
            await bridge.DisposeAsync();
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            throw;
        }

        var host = new SimulatorHost(app, cluster, agents, store, certificate, secrets, options,
            new Uri($"https://{options.ListenAddress}:{https.Port}/api2/json"), new Uri($"http://{options.ListenAddress}:{http.Port}/"),
            bridge, bridgeUrl, edge, edgeEndpoint);
        store.Start(cluster.SerializeState);
        store.MarkDirty();
        await agents.StartAllRunningAsync();
        return host;
    }

    /// <summary>The loopback address of a container's agent, or null if the container does not exist.</summary>
    public string? GetAgentAddress(int vmid)
    {
        lock (cluster.Gate)
        {
            return cluster.State.Containers.TryGetValue(vmid, out var c) ? c.AgentAddress : null;
        }
    }

    /// <summary><c>http://{address}:{AgentPort}/</c> of a container's agent.</summary>
    public Uri? GetAgentUrl(int vmid) =>
        GetAgentAddress(vmid) is { } address ? new Uri($"http://{address}:{Options.AgentPort}/") : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        cluster.Stop();
        await edge.DisposeAsync();
        await bridge.DisposeAsync();
        await agents.DisposeAsync();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await store.DisposeAsync();
    }

    private static async Task<bool> FaultAsync(HttpContext context, SimulatedCluster cluster, string path)
    {
        int latency;
        SimulatorFaults.ErrorRateRule? failing;
        string? offline = null;
        lock (cluster.Gate)
        {
            var faults = cluster.Faults;
            latency = faults.LatencyMs;
            failing = faults.ErrorRates.FirstOrDefault(r =>
                path.Contains(r.PathContains, StringComparison.Ordinal)
                && (r.Method is null || string.Equals(r.Method, context.Request.Method, StringComparison.OrdinalIgnoreCase))
                && Random.Shared.NextDouble() < r.Rate);
            if (context.Request.RouteValues["node"] is string node)
            {
                faults.OfflineNodes.TryGetValue(node, out offline);
            }
        }

        if (latency > 0)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        if (failing is not null)
        {
            await PveWire.WriteAsync(context, new PveReply(failing.Status, failing.Reason, null));
            return true;
        }

        if (offline is not null)
        {
            // What pveproxy answers when it cannot reach the node it has to proxy the call to.
            await PveWire.WriteAsync(context, offline == "timeout"
                ? new PveReply(596, "Connection timed out", null)
                : new PveReply(595, "Errors during connection establishment, proxy handshake", null));
            return true;
        }

        return false;
    }
}
