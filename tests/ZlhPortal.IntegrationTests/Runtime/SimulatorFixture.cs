using System.Net.Http.Headers;
using System.Net.Http.Json;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>
/// One simulator per test class, on dynamic ports and its own loopback block so classes running in
/// parallel never share agents. Tasks take no time unless a derived fixture says otherwise.
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    private static int instances;
    private int nextVmid = 1000;

    public SimulatorHost Host { get; private set; } = null!;

    public ProxmoxClient Client { get; private set; } = null!;

    public ProxmoxOptions ClientOptions { get; private set; } = null!;

    /// <summary>Authenticated client for <c>/_sim/</c>.</summary>
    public HttpClient Control { get; private set; } = null!;

    /// <summary>A loopback block no other simulator in this or a parallel test process uses.</summary>
    public static string UniqueAgentBlock()
    {
        var n = Interlocked.Increment(ref instances);
        return $"127.{100 + Environment.ProcessId % 100}.{n % 250}.0/24";
    }

    public static SimulatorOptions TestOptions() => new()
    {
        ApiPort = 0,
        DnsPort = 0,
        BridgePort = 0,
        EdgeAddress = "127.0.0.1",
        EdgePort = 0,
        AgentAddressBlock = UniqueAgentBlock(),
        TaskDuration = TimeSpan.Zero,
        InstallDuration = TimeSpan.FromMilliseconds(120),
        ProcessStartDuration = TimeSpan.FromMilliseconds(80),
        ConsoleTickInterval = TimeSpan.FromHours(1),
        AuthFailureDelay = TimeSpan.Zero,
    };

    public static ProxmoxOptions ClientOptionsFor(SimulatorHost host) => new()
    {
        BaseUrl = host.ProxmoxApiUrl.ToString(),
        TokenId = host.ApiTokenId,
        TokenSecret = host.ApiTokenSecret,
        Fingerprint = host.CertificateFingerprint,
        TaskPollInterval = TimeSpan.FromMilliseconds(10),
        TaskPollMaxInterval = TimeSpan.FromMilliseconds(50),
    };

    public static ProxmoxClient CreateClient(ProxmoxOptions options) =>
        new(new HttpClient(ProxmoxClient.CreatePrimaryHandler(options)), options);

    public async Task InitializeAsync()
    {
        var options = TestOptions();
        Configure(options);
        Host = await SimulatorHost.StartAsync(options);
        ClientOptions = ClientOptionsFor(Host);
        Client = CreateClient(ClientOptions);
        Control = new HttpClient(ProxmoxClient.CreatePrimaryHandler(ClientOptions)) { BaseAddress = Host.ControlUrl };
        Control.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "PVEAPIToken=" + Host.ApiToken);
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        await Host.DisposeAsync();
    }

    protected virtual void Configure(SimulatorOptions options)
    {
    }

    public int NextVmid() => Interlocked.Increment(ref nextVmid);

    /// <summary>Asserts the POST was accepted and waits for its task to end successfully.</summary>
    public async Task<ProxmoxTaskStatus> CompleteAsync(Task<ProxmoxResult<Upid>> start)
    {
        var started = await start;
        Assert.True(started.IsSuccess, started.ToString());
        var done = await Client.WaitForTaskAsync(started.Data!, TimeSpan.FromSeconds(30));
        Assert.True(done.IsSuccess, done.ToString());
        return done.Data!;
    }

    public async Task<int> CloneAsync(int template, string hostname, string node = "pve1")
    {
        var vmid = NextVmid();
        await CompleteAsync(Client.Nodes[node].Lxc[template].CloneAsync(new LxcCloneRequest(vmid) { Hostname = hostname }));
        return vmid;
    }

    public async Task<int> CloneAndStartAsync(int template, string hostname)
    {
        var vmid = await CloneAsync(template, hostname);
        await CompleteAsync(Client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync());
        return vmid;
    }

    public async Task SetFaultsAsync(object faults)
    {
        using var response = await Control.PutAsJsonAsync("faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Control.DeleteAsync("faults");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A client for the Velocity bridge API sending <paramref name="secretHeader"/> as <c>X-Zpack-Secret</c> (none if null).</summary>
    public static HttpClient BridgeClient(SimulatorHost host, string? secretHeader)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = host.VelocityBridgeUrl, Timeout = TimeSpan.FromSeconds(10) };
        if (secretHeader is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Zpack-Secret", secretHeader);
        }

        return client;
    }

    /// <summary>What a bridge caller sends for <paramref name="secret"/>: its lower-case hex SHA-256.</summary>
    public static string BridgeSecretHeader(string secret) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    /// <summary>A plain HTTP client for a container's agent (never through a proxy).</summary>
    public HttpClient AgentClient(int vmid, string? bearer, int? port = null)
    {
        var address = Host.GetAgentAddress(vmid) ?? throw new InvalidOperationException($"CT {vmid} has no address");
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://{address}:{port ?? Host.Options.AgentPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }
}
