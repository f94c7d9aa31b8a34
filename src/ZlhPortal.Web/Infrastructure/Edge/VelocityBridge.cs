using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>
/// The Velocity bridge plugin's API: which hostname goes to which backend. Every call carries the hex SHA-256 of the
/// shared secret as <c>X-Zpack-Secret</c>, as the platform's plugin expects.
/// </summary>
public sealed class VelocityBridge(HttpClient http, EdgeEndpoints endpoints)
{
    /// <summary>Routes <paramref name="fqdn"/> to the backend (replacing an earlier route for it). Safe to repeat.</summary>
    public async Task RegisterAsync(string fqdn, string address, int port, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "zpack/register", new { server_name = fqdn, address, port }, ct);
        await EnsureAsync(response, $"register {fqdn}", ct);
    }

    /// <summary>Stops routing <paramref name="fqdn"/>; a name already gone is fine.</summary>
    public async Task UnregisterAsync(string fqdn, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "zpack/unregister", new { server_name = fqdn }, ct);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureAsync(response, $"unregister {fqdn}", ct);
        }
    }

    /// <summary>The hostnames Velocity routes now.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, "zpack/list", null, ct);
        await EnsureAsync(response, "list", ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return json.TryGetProperty("servers", out var servers) && servers.ValueKind == JsonValueKind.Array
            ? servers.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList()
            : throw new InvalidOperationException("The Velocity bridge's list has no servers array.");
    }

    /// <summary>The header value: lower-case hex SHA-256 of the secret.</summary>
    public static string SecretHeader(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var edge = await endpoints.GetAsync();
        var baseUrl = edge.VelocityBridge ?? throw new InvalidOperationException("Edge:Velocity:BaseUrl is not set.");
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Add("X-Zpack-Secret", SecretHeader(edge.VelocitySecret));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request, ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Velocity bridge {what}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}", null, response.StatusCode);
        }
    }
}
