using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>The embedded simulator's log of what its agents and IDEs received, headers included.</summary>
public static class AgentRequests
{
    public static async Task<List<JsonElement>> ReadAsync(IServiceProvider services, int vmid)
    {
        var simulator = await services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        using var control = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == simulator.Certificate.GetCertHashString() },
        })
        { BaseAddress = simulator.ControlUrl };
        control.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "PVEAPIToken=" + simulator.ApiToken);
        var log = await control.GetFromJsonAsync<JsonElement>($"agent-requests?vmid={vmid}");
        return (log.ValueKind == JsonValueKind.Array ? log : log.GetProperty("requests")).EnumerateArray().ToList();
    }
}
