using System.Net.Http.Json;
using System.Text.Json;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>The Technitium-style DNS API: A and SRV records behind a token.</summary>
public sealed class DnsApiTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private HttpClient Dns() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = sim.Host.DnsApiUrl };

    [Fact]
    public async Task Adds_lists_and_deletes_a_and_srv_records()
    {
        using var dns = Dns();
        var token = Uri.EscapeDataString(sim.Host.DnsToken);

        var addA = await dns.GetFromJsonAsync<JsonElement>($"api/zones/records/add?token={token}&zone=zlh.test&domain=mc1.zlh.test&type=A&ipAddress=203.0.113.10&ttl=300");
        var addSrv = await dns.GetFromJsonAsync<JsonElement>(
            $"api/zones/records/add?token={token}&zone=zlh.test&domain=_minecraft._tcp.mc1.zlh.test&type=SRV&priority=0&weight=5&port=25565&target=mc1.zlh.test");
        var duplicate = await dns.GetFromJsonAsync<JsonElement>($"api/zones/records/add?token={token}&zone=zlh.test&domain=mc1.zlh.test&type=A&ipAddress=203.0.113.10");
        var zone = await dns.GetFromJsonAsync<JsonElement>($"api/zones/records/get?token={token}&zone=zlh.test&domain=zlh.test&listZone=true");
        var delete = await dns.GetFromJsonAsync<JsonElement>($"api/zones/records/delete?token={token}&zone=zlh.test&domain=mc1.zlh.test&type=A&ipAddress=203.0.113.10");
        var after = await dns.GetFromJsonAsync<JsonElement>($"api/zones/records/get?token={token}&zone=zlh.test&domain=mc1.zlh.test");
        var inventory = await sim.Control.GetFromJsonAsync<JsonElement>("inventory");

        Assert.Equal("ok", addA.GetProperty("status").GetString());
        Assert.Equal("203.0.113.10", addA.GetProperty("response").GetProperty("addedRecord").GetProperty("rData").GetProperty("ipAddress").GetString());
        Assert.Equal("ok", addSrv.GetProperty("status").GetString());
        Assert.Equal("error", duplicate.GetProperty("status").GetString());
        var records = zone.GetProperty("response").GetProperty("records").EnumerateArray().ToList();
        Assert.Contains(records, r => r.GetProperty("type").GetString() == "SRV" && r.GetProperty("rData").GetProperty("port").GetInt32() == 25565);
        Assert.Equal("ok", delete.GetProperty("status").GetString());
        Assert.Empty(after.GetProperty("response").GetProperty("records").EnumerateArray());
        Assert.Contains(inventory.GetProperty("dns").EnumerateArray(), r => r.GetProperty("type").GetString() == "SRV");
    }

    [Fact]
    public async Task Refuses_a_wrong_token()
    {
        using var dns = Dns();

        var reply = await dns.GetFromJsonAsync<JsonElement>("api/zones/records/get?token=nope&domain=zlh.test");

        Assert.Equal("invalid-token", reply.GetProperty("status").GetString());
    }
}
