using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Edge;

/// <summary>
/// Gateway mode for games that are not Minecraft: each gets a public port from the pool, and the portal tells the
/// runtime Traefik (its HTTP provider, <c>/edge/traefik</c>) to route that port to the container's game port.
/// </summary>
public sealed class PortPoolTests : IDisposable
{
    private const string Token = "traefik-provider-token";
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Edge:Mode", "Gateway")
        .WithSetting("Edge:Traefik:Token", Token)
        .WithSetting("Edge:PortFirst", "50000")
        .WithSetting("Edge:PortLast", "50002");

    public void Dispose() => factory.Dispose();

    private async Task<(HttpClient Client, int ServerId)> OrderRunningAsync(string template, string name)
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var plan = template == "valheim" ? "game-medium" : "game-small";
        var invoice = (await BillingApiClient.OrderAsync(client, plan: plan, template: template, name: name)).GetProperty("invoice").GetProperty("id").GetInt32();
        var paid = await (await BillingApiClient.PayAsync(client, invoice)).Content.ReadFromJsonAsync<JsonElement>();
        var id = paid.GetProperty("serverId").GetInt32();
        Assert.Equal(ServerStatus.Running, (await Servers.WaitForAsync(factory, id, ServerStatus.Running, ServerStatus.Failed)).Status);
        return (client, id);
    }

    private async Task<JsonNode> TraefikAsync()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await http.GetAsync("/edge/traefik");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_terraria_order_gets_a_pool_port_routed_by_traefik_to_its_container_in_a_schema_valid_document()
    {
        var (client, id) = await OrderRunningAsync("terraria", "Dig Site");

        var server = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{id}");
        var connect = server.GetProperty("connect");
        var port = connect.GetProperty("port").GetInt32();
        Assert.InRange(port, 50000, 50002);
        Assert.Equal("tcp", connect.GetProperty("protocol").GetString());
        Assert.Equal(server.GetProperty("hostname").GetString(), connect.GetProperty("host").GetString());
        var view = await Servers.GetAsync(factory, id);
        var edgeAddress = (await Servers.SimulatorAsync(factory)).EdgeEndpoint.Address.ToString();
        Assert.Equal(edgeAddress, connect.GetProperty("address").GetString());

        var document = await TraefikAsync();
        Assert.Empty(TraefikSchema.Errors(document));
        var router = document["tcp"]!["routers"]![$"port-{port}"]!;
        Assert.Equal($"port-{port}", router["entryPoints"]![0]!.GetValue<string>());
        var backend = document["tcp"]!["services"]![router["service"]!.GetValue<string>()]!["loadBalancer"]!["servers"]![0]!["address"]!.GetValue<string>();
        Assert.Equal($"{view.IpAddress}:7777", backend);
        // The route leads to the game: what answers there is the server players were sold.
        Assert.Contains("terraria", await BannerAsync(backend), StringComparison.OrdinalIgnoreCase);

        var records = (await Servers.InventoryAsync(factory)).GetProperty("dns").EnumerateArray()
            .Where(r => r.GetProperty("name").GetString() == view.Hostname).ToList();
        Assert.Equal(edgeAddress, Assert.Single(records, r => r.GetProperty("type").GetString() == "A").GetProperty("ipAddress").GetString());
    }

    [Fact]
    public async Task A_valheim_order_is_published_as_udp_on_its_own_entry_point()
    {
        var (client, id) = await OrderRunningAsync("valheim", "Longship");

        var connect = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{id}")).GetProperty("connect");
        Assert.Equal("udp", connect.GetProperty("protocol").GetString());
        var port = connect.GetProperty("port").GetInt32();
        var document = await TraefikAsync();
        Assert.Empty(TraefikSchema.Errors(document));
        Assert.Null(document["tcp"]);
        var router = document["udp"]!["routers"]![$"port-{port}-udp"]!;
        Assert.Equal($"port-{port}-udp", router["entryPoints"]![0]!.GetValue<string>());
        Assert.Equal($"{(await Servers.GetAsync(factory, id)).IpAddress}:2456",
            document["udp"]!["services"]![router["service"]!.GetValue<string>()]!["loadBalancer"]!["servers"]![0]!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pool_of_three_ports_refuses_the_fourth_order_before_any_money_is_taken()
    {
        var client = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        for (var i = 0; i < 3; i++)
        {
            await BillingApiClient.OrderAsync(client, template: "terraria", name: $"Held {i}");
        }

        var fourth = await client.PostAsJsonAsync("/api/v1/orders", new { plan = "game-small", template = "terraria", name = "One too many" });

        Assert.Equal(HttpStatusCode.Conflict, fourth.StatusCode);
        var body = await fourth.Content.ReadAsStringAsync();
        Assert.Contains("No public game port is free", body, StringComparison.Ordinal);
        Assert.Contains("not been charged", body, StringComparison.Ordinal);
        Assert.Equal(3, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync()));
        Assert.Equal(0, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync()));
        // Minecraft needs no pool port (Velocity routes it by hostname), so it is still on sale.
        await BillingApiClient.OrderAsync(client, template: "minecraft-paper", name: "Still fits");
    }

    [Fact]
    public async Task Suspending_closes_the_route_unsuspending_reopens_it_on_the_same_port_and_deleting_frees_the_port()
    {
        var (_, id) = await OrderRunningAsync("terraria", "Come and go");
        var port = (await Servers.GetAsync(factory, id)).PublicPort!.Value;
        await using var scope = factory.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();

        Assert.True((await lifecycle.SuspendAsync(id)).Accepted);
        await Servers.WaitForAsync(factory, id, ServerStatus.Suspended);
        Assert.Null((await TraefikAsync())["tcp"]);

        Assert.True((await lifecycle.UnsuspendAsync(id)).Accepted);
        await Servers.WaitForAsync(factory, id, ServerStatus.Running);
        Assert.NotNull((await TraefikAsync())["tcp"]!["routers"]![$"port-{port}"]);
        Assert.Equal(port, (await Servers.GetAsync(factory, id)).PublicPort);

        var owner = (await Servers.GetAsync(factory, id)).OwnerId;
        Assert.True((await lifecycle.DeleteAsync(id, owner)).Accepted);
        await Servers.WaitForAsync(factory, id, ServerStatus.Deleted);
        Assert.Null((await TraefikAsync())["tcp"]);
        Assert.Null((await Servers.GetAsync(factory, id)).PublicPort);
        // The freed port cools down before anyone else gets it.
        var (_, next) = await OrderRunningAsync("terraria", "Next tenant");
        Assert.NotEqual(port, (await Servers.GetAsync(factory, next)).PublicPort);
    }

    [Fact]
    public async Task A_running_server_that_was_never_published_gets_a_port_and_a_route_from_the_reconciler()
    {
        // As a server set up before the edge became a gateway: no port, not published, DNS at the container.
        var (_, id) = await OrderRunningAsync("terraria", "From before");
        await BillingApiClient.WithDbAsync(factory, db => db.Servers.Where(s => s.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PublicPort, (int?)null).SetProperty(x => x.Published, false)));
        Assert.Null((await TraefikAsync())["tcp"]);

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ZlhPortal.Web.Features.Provisioning.Reconciler.ReconcileServersJob>().RunAsync(CancellationToken.None);

        var view = await Servers.GetAsync(factory, id);
        Assert.NotNull(view.PublicPort);
        var router = (await TraefikAsync())["tcp"]!["routers"]![$"port-{view.PublicPort}"];
        Assert.NotNull(router);
    }

    [Fact]
    public async Task The_traefik_configuration_needs_its_token()
    {
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/edge/traefik")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/edge/traefik")).StatusCode);
        using var direct = new PortalAppFactory();
        using var unconfigured = direct.CreateClient();
        unconfigured.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.NotFound, (await unconfigured.GetAsync("/edge/traefik")).StatusCode);
    }

    [Fact]
    public async Task Traefik_reads_its_routes_over_plain_http_where_pages_require_https()
    {
        // The runtime Traefik asks an instance directly on the internal network, not through the proxy that ends TLS.
        using var strict = new PortalAppFactory().WithSetting("Edge:Traefik:Token", Token).WithSetting("Portal:RequireHttps", "true");
        using var http = strict.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/pricing")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await http.GetAsync("/edge/traefik");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(TraefikSchema.Errors(JsonNode.Parse(await response.Content.ReadAsStringAsync())!));
    }

    [Fact]
    public async Task The_command_line_prints_traefiks_entry_points_for_the_whole_pool()
    {
        var output = new StringWriter();
        Assert.Equal(0, await ZlhPortal.Web.Infrastructure.Cli.PortalCli.RunAsync(factory.Services, ["edge", "traefik-entrypoints"], output, TextWriter.Null));

        var yaml = output.ToString();
        var entryPoints = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, string>>>>(yaml)["entryPoints"];
        Assert.Equal(6, entryPoints.Count);
        Assert.Equal(":50000/tcp", entryPoints["port-50000"]["address"]);
        Assert.Equal(":50002/udp", entryPoints["port-50002-udp"]["address"]);
    }

    private static async Task<string> BannerAsync(string address)
    {
        var (host, port) = (address[..address.LastIndexOf(':')], int.Parse(address[(address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port);
        using var reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
        return await reader.ReadLineAsync() ?? "";
    }
}
