using System.Net;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.UnitTests.Proxmox;

public sealed class ProxmoxClientTests
{
    private static readonly ProxmoxOptions Options = new()
    {
        BaseUrl = "https://pve1.example:8006/api2/json",
        TokenId = "portal@pve!zlh",
        TokenSecret = "8f1c6a2e-0000-4000-8000-000000000001",
        TaskPollInterval = TimeSpan.FromMilliseconds(1),
        TaskPollMaxInterval = TimeSpan.FromMilliseconds(2),
    };

    private static (ProxmoxClient Client, StubHandler Handler) Create(Func<HttpRequestMessage, int, HttpResponseMessage> respond)
    {
        var handler = new StubHandler(respond);
        return (new ProxmoxClient(new HttpClient(handler), Options), handler);
    }

    [Fact]
    public async Task Reads_the_data_envelope_with_numbers_as_strings_and_booleans_as_0_1()
    {
        var (client, _) = Create((_, _) => StubHandler.Json("""
            {"data":{"vmid":"1001","name":"mc-1","status":"running","cpus":"2","cpu":0.153,"mem":"1073741824",
             "maxmem":4294967296,"uptime":12,"template":"0","ha":{"managed":0},"pressurecpusome":"0.1","lock":"backup"}}
            """));

        var result = await client.Nodes["pve1"].Lxc[1001].Status.Current.GetAsync();

        Assert.True(result.IsSuccess);
        Assert.Equal(200, result.StatusCode);
        var status = result.Data!;
        Assert.Equal(1001, status.Vmid);
        Assert.True(status.IsRunning);
        Assert.Equal(2, status.Cpus);
        Assert.Equal(1073741824L, status.Mem);
        Assert.Equal(4294967296L, status.MaxMem);
        Assert.False(status.Template);
        Assert.Equal("backup", status.Lock);
    }

    [Fact]
    public async Task Accepts_1_and_true_as_booleans_and_fractions_for_byte_counts()
    {
        var (client, _) = Create((_, _) => StubHandler.Json("""
            {"data":[{"vmid":200,"status":"stopped","template":1,"maxmem":"2147483648.0","disk":1.5e9},
                     {"vmid":201,"status":"stopped","template":true}]}
            """));

        var list = (await client.Nodes["pve1"].Lxc.GetAsync()).GetDataOrThrow();

        Assert.All(list, ct => Assert.True(ct.Template));
        Assert.Equal(2147483648L, list[0].MaxMem);
        Assert.Equal(1_500_000_000L, list[0].Disk);
    }

    [Fact]
    public async Task Parses_nextid_sent_as_a_string()
    {
        var (client, handler) = Create((_, _) => StubHandler.Json("""{"data":"105"}"""));

        var result = await client.Cluster.NextIdAsync();

        Assert.Equal(105, result.GetDataOrThrow());
        Assert.Equal("https://pve1.example:8006/api2/json/cluster/nextid", handler.Requests[0].Request.RequestUri!.ToString());
    }

    [Fact]
    public async Task Exposes_the_per_parameter_errors_map_of_a_400()
    {
        var (client, _) = Create((_, _) => StubHandler.Error(400, "Parameter verification failed.",
            """{"data":null,"errors":{"vmid":"VM 218 already exists"}}"""));

        var result = await client.Cluster.NextIdAsync(218);

        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("VM 218 already exists", result.Errors["vmid"]);
        Assert.Equal(ProxmoxErrorKind.AlreadyExists, result.Error!.Kind);
    }

    [Theory]
    [InlineData(500, "CT is locked (disk)", ProxmoxErrorKind.Locked)]
    [InlineData(500, "VM is locked (clone)", ProxmoxErrorKind.Locked)]
    [InlineData(500, "CT 105 already exists on node 'pve'", ProxmoxErrorKind.AlreadyExists)]
    [InlineData(500, "Configuration file 'nodes/pve/lxc/105.conf' does not exist", ProxmoxErrorKind.NotFound)]
    [InlineData(500, "hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known", ProxmoxErrorKind.NotFound)]
    [InlineData(400, "no such task", ProxmoxErrorKind.NotFound)]
    [InlineData(401, "No ticket", ProxmoxErrorKind.Unauthorized)]
    [InlineData(401, "Authentication failed!", ProxmoxErrorKind.Unauthorized)]
    [InlineData(403, "Permission check failed (/vms/105, VM.PowerMgmt)", ProxmoxErrorKind.PermissionDenied)]
    [InlineData(595, "Errors during connection establishment, proxy handshake", ProxmoxErrorKind.NodeUnreachable)]
    [InlineData(596, "Connection timed out", ProxmoxErrorKind.NodeUnreachable)]
    [InlineData(500, "CT 105 already running", ProxmoxErrorKind.Other)]
    public async Task Classifies_the_reason_phrase(int status, string reason, ProxmoxErrorKind expected)
    {
        var (client, _) = Create((_, _) => StubHandler.Error(status, reason));

        var result = await client.Nodes["pve"].Lxc[105].Status.Start.CreateAsync();

        Assert.False(result.IsSuccess);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal(reason, result.ReasonPhrase);
        Assert.Equal(expected, result.Error!.Kind);
    }

    [Fact]
    public async Task Reports_the_lock_name_and_the_body_message()
    {
        var (client, _) = Create((_, _) => StubHandler.Error(500, "CT is locked (snapshot-delete)",
            """{"data":null,"message":"CT is locked (snapshot-delete)\n"}"""));

        var result = await client.Nodes["pve"].Lxc[105].CloneAsync(new LxcCloneRequest(106));

        Assert.Equal("snapshot-delete", result.Error!.LockName);
        Assert.Equal("CT is locked (snapshot-delete)", result.Message);
        Assert.Throws<ProxmoxException>(() => result.GetDataOrThrow());
    }

    [Fact]
    public async Task Reads_an_error_with_an_empty_body_from_the_reason_phrase_alone()
    {
        var (client, _) = Create((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized) { ReasonPhrase = "No ticket" });

        var result = await client.Version.GetAsync();

        Assert.Equal(ProxmoxErrorKind.Unauthorized, result.Error!.Kind);
        Assert.Equal("No ticket", result.Error.Message);
    }

    [Fact]
    public async Task Falls_back_to_the_body_message_when_the_reason_phrase_was_lost()
    {
        var (client, _) = Create((_, _) => StubHandler.Error(500, "Internal Server Error",
            """{"data":null,"message":"CT is locked (backup)\n"}"""));

        var result = await client.Nodes["pve1"].Lxc[1001].Status.Start.CreateAsync();

        Assert.Equal("CT is locked (backup)", result.ReasonPhrase);
        Assert.Equal(ProxmoxErrorKind.Locked, result.Error!.Kind);
        Assert.Equal("CT is locked (backup)", result.Error.Message);
    }

    [Fact]
    public async Task Turns_a_refused_connection_into_node_unreachable()
    {
        var (client, _) = Create((_, _) => throw new HttpRequestException("Connection refused (pve1.example:8006)"));

        var result = await client.Nodes.GetAsync();

        Assert.Equal(0, result.StatusCode);
        Assert.Equal(ProxmoxErrorKind.NodeUnreachable, result.Error!.Kind);
    }

    [Fact]
    public async Task Turns_an_http_client_timeout_into_a_timeout_outcome()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("{}"));
        var slow = new DelayingHandler(handler, TimeSpan.FromSeconds(30));
        var client = new ProxmoxClient(new HttpClient(slow) { Timeout = TimeSpan.FromMilliseconds(50) }, Options);

        var result = await client.Version.GetAsync();

        Assert.Equal(ProxmoxErrorKind.Timeout, result.Error!.Kind);
    }

    [Fact]
    public async Task Sends_the_token_header_and_posts_a_form_with_booleans_as_1_0()
    {
        var (client, handler) = Create((_, _) => StubHandler.Json("""{"data":"UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzclone:200:portal@pve!zlh:"}"""));

        var result = await client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(1001) { Hostname = "mc-1", Full = true, Pool = "games" });

        Assert.Equal("vzclone", result.GetDataOrThrow().Type);
        var (request, body) = handler.Requests[0];
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api2/json/nodes/pve1/lxc/200/clone", request.RequestUri!.AbsolutePath);
        Assert.Equal("PVEAPIToken=portal@pve!zlh=8f1c6a2e-0000-4000-8000-000000000001", request.Headers.GetValues("Authorization").Single());
        Assert.Equal("newid=1001&hostname=mc-1&full=1&pool=games", body);
    }

    [Fact]
    public async Task Puts_delete_parameters_in_the_query_string_never_in_a_body()
    {
        var (client, handler) = Create((_, _) => StubHandler.Json("""{"data":"UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzdestroy:1001:portal@pve!zlh:"}"""));

        await client.Nodes["pve1"].Lxc[1001].DeleteAsync(new LxcDeleteOptions { Purge = true, DestroyUnreferencedDisks = true, Force = true });

        var (request, body) = handler.Requests[0];
        Assert.Null(body);
        Assert.Equal("?purge=1&destroy-unreferenced-disks=1&force=1", request.RequestUri!.Query);
    }

    [Fact]
    public async Task Sends_config_changes_with_indexed_network_keys_and_a_delete_list()
    {
        var (client, handler) = Create((_, _) => StubHandler.Json("""{"data":null}"""));

        var result = await client.Nodes["pve1"].Lxc[1001].Config.SetAsync(new LxcConfigUpdate
        {
            Cores = 2,
            Memory = 4096,
            OnBoot = false,
            Networks = new Dictionary<int, string> { [0] = "name=eth0,bridge=vmbr3,ip=dhcp" },
            Delete = ["tags"],
            Digest = "0123456789abcdef0123456789abcdef01234567",
        });

        Assert.True(result.IsSuccess);
        Assert.Null(result.Data);
        Assert.Equal(HttpMethod.Put, handler.Requests[0].Request.Method);
        Assert.Equal("cores=2&memory=4096&onboot=0&digest=0123456789abcdef0123456789abcdef01234567&net0=name%3Deth0%2Cbridge%3Dvmbr3%2Cip%3Ddhcp&delete=tags",
            handler.Requests[0].Body);
    }

    [Fact]
    public async Task Reads_indexed_config_keys_and_ignores_unknown_fields()
    {
        var (client, _) = Create((_, _) => StubHandler.Json("""
            {"data":{"hostname":"mc-1","cores":2,"memory":"4096","cpulimit":"0","onboot":1,"unprivileged":1,
             "net0":"name=eth0,bridge=vmbr3,hwaddr=BC:24:11:00:03:E9,ip=dhcp,type=veth","net1":"name=eth1,bridge=vmbr2",
             "lxc":[["lxc.apparmor.profile","unconfined"]],"digest":"a1b2","somethingnew":{"x":1}}}
            """));

        var config = (await client.Nodes["pve1"].Lxc[1001].Config.GetAsync()).GetDataOrThrow();

        Assert.Equal(4096, config.Memory);
        Assert.True(config.OnBoot);
        Assert.Equal(2, config.Networks.Count);
        Assert.StartsWith("name=eth0,bridge=vmbr3", config.Networks[0], StringComparison.Ordinal);
        Assert.Equal("a1b2", config.Digest);
    }

    [Fact]
    public async Task Reads_the_task_log_with_its_total()
    {
        var (client, handler) = Create((_, _) => StubHandler.Json("""{"data":[{"n":1,"t":"starting"},{"n":2,"t":"TASK OK"}],"total":2}"""));
        var upid = Upid.Parse("UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzstart:1001:portal@pve!zlh:");

        var log = await client.Nodes[upid.Node].Tasks[upid].LogAsync(0, 50);

        Assert.Equal(2, log.Total);
        Assert.Equal("TASK OK", log.GetDataOrThrow()[^1].T);
        Assert.Equal("/api2/json/nodes/pve1/tasks/UPID%3Apve1%3A0000A1B2%3A0012AB34%3A6731F0A0%3Avzstart%3A1001%3Aportal%40pve%21zlh%3A/log",
            handler.Requests[0].Request.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Waits_for_a_task_and_treats_warnings_as_success()
    {
        var (client, _) = Create((_, call) => call < 3
            ? StubHandler.Json("""{"data":{"status":"running","type":"vzstart","node":"pve1","upid":"x"}}""")
            : StubHandler.Json("""{"data":{"status":"stopped","exitstatus":"WARNINGS: 2","type":"vzstart","node":"pve1","upid":"x"}}"""));

        var result = await client.WaitForTaskAsync(Upid.Parse("UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzstart:1001:portal@pve!zlh:"), TimeSpan.FromSeconds(10));

        Assert.True(result.IsSuccess);
        Assert.True(result.Data!.IsSuccessful);
    }

    [Fact]
    public async Task Reports_a_failed_task_with_its_exit_status()
    {
        var (client, _) = Create((_, _) => StubHandler.Json(
            """{"data":{"status":"stopped","exitstatus":"startup for container '1001' failed","type":"vzstart","node":"pve1","upid":"x"}}"""));

        var result = await client.WaitForTaskAsync(Upid.Parse("UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzstart:1001:portal@pve!zlh:"), TimeSpan.FromSeconds(10));

        Assert.Equal(ProxmoxErrorKind.TaskFailed, result.Error!.Kind);
        Assert.Equal("startup for container '1001' failed", result.Error.ExitStatus);
    }

    [Fact]
    public async Task Keeps_polling_a_task_the_node_does_not_know_yet()
    {
        var (client, handler) = Create((_, call) => call == 1
            ? StubHandler.Error(400, "no such task")
            : StubHandler.Json("""{"data":{"status":"stopped","exitstatus":"OK","type":"vzstart","node":"pve1","upid":"x"}}"""));

        var result = await client.WaitForTaskAsync(Upid.Parse("UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzstart:1001:portal@pve!zlh:"), TimeSpan.FromSeconds(10));

        Assert.True(result.IsSuccess);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Gives_up_waiting_with_a_timeout_outcome_while_the_task_still_runs()
    {
        var (client, _) = Create((_, _) => StubHandler.Json("""{"data":{"status":"running","type":"vzclone","node":"pve1","upid":"x"}}"""));

        var result = await client.WaitForTaskAsync(Upid.Parse("UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzclone:200:portal@pve!zlh:"), TimeSpan.FromMilliseconds(20));

        Assert.Equal(ProxmoxErrorKind.Timeout, result.Error!.Kind);
        Assert.True(result.Data!.IsRunning);
    }

    [Fact]
    public async Task Vzdump_on_the_wrong_node_succeeds_with_no_task()
    {
        var (client, _) = Create((_, _) => StubHandler.Json("""{"data":"OK"}"""));

        var result = await client.Nodes["pve2"].VzdumpAsync(new VzdumpRequest(1001) { Storage = "local" });

        Assert.True(result.IsSuccess);
        Assert.Null(result.Data);
    }

    private sealed class DelayingHandler(HttpMessageHandler inner, TimeSpan delay) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(10_000, 1000)]
    [InlineData(40_000, 2000)]
    [InlineData(600_000, 5000)]
    public void A_running_task_is_looked_at_again_after_a_twentieth_of_its_age_between_the_bounds(int elapsedMs, int expectedMs)
    {
        var client = new ProxmoxClient(new HttpClient(), new ProxmoxOptions
        {
            BaseUrl = Options.BaseUrl, TokenId = Options.TokenId, TokenSecret = Options.TokenSecret,
            TaskPollInterval = TimeSpan.FromSeconds(1), TaskPollMaxInterval = TimeSpan.FromSeconds(5),
        });

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), client.NextPoll(TimeSpan.FromMilliseconds(elapsedMs)));
    }
}
