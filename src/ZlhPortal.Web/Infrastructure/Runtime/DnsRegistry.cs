using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>Customer hostnames in the Technitium DNS server: an A record per server, plus SRV where the game uses one.</summary>
public sealed class DnsRegistry(HttpClient http, IOptions<DnsOptions> options, RuntimeEndpoints endpoints)
{
    public string Zone => options.Value.Zone;

    /// <summary>Adds (or replaces) the server's records. Safe to repeat.</summary>
    public async Task RegisterAsync(string hostname, string ipAddress, SrvRecord? srv, CancellationToken ct)
    {
        await CallAsync("add", new() { ["domain"] = hostname, ["type"] = "A", ["ipAddress"] = ipAddress, ["overwrite"] = "true" }, ct);
        if (srv is not null)
        {
            await CallAsync("add", new()
            {
                ["domain"] = $"{srv.Service}.{hostname}", ["type"] = "SRV", ["priority"] = "0", ["weight"] = "5",
                ["port"] = srv.Port.ToString(), ["target"] = hostname, ["overwrite"] = "true",
            }, ct);
        }
    }

    /// <summary>Removes the server's records; records already gone are fine.</summary>
    public async Task RemoveAsync(string hostname, string? ipAddress, SrvRecord? srv, CancellationToken ct)
    {
        if (srv is not null)
        {
            await CallAsync("delete", new()
            {
                ["domain"] = $"{srv.Service}.{hostname}", ["type"] = "SRV", ["priority"] = "0", ["weight"] = "5",
                ["port"] = srv.Port.ToString(), ["target"] = hostname,
            }, ct, tolerateMissing: true);
        }

        var a = new Dictionary<string, string> { ["domain"] = hostname, ["type"] = "A" };
        if (ipAddress is not null)
        {
            a["ipAddress"] = ipAddress;
        }

        await CallAsync("delete", a, ct, tolerateMissing: true);
    }

    /// <summary>Record names (domain, type) currently in the zone; for the reconciler and tests.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string hostname, CancellationToken ct)
    {
        var json = await CallAsync("get", new() { ["domain"] = hostname }, ct, tolerateMissing: true);
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("response", out var response) || !response.TryGetProperty("records", out var records))
        {
            return [];
        }

        return records.EnumerateArray().Select(r => $"{r.GetProperty("name").GetString()} {r.GetProperty("type").GetString()}").ToList();
    }

    /// <summary>The address the hostname's A record points at now, or null when it has none.</summary>
    public async Task<string?> AddressOfAsync(string hostname, CancellationToken ct)
    {
        var json = await CallAsync("get", new() { ["domain"] = hostname }, ct, tolerateMissing: true);
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("response", out var response) || !response.TryGetProperty("records", out var records))
        {
            return null;
        }

        return records.EnumerateArray()
            .Where(r => r.GetProperty("type").GetString() == "A" && string.Equals(r.GetProperty("name").GetString(), hostname, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.TryGetProperty("rData", out var data) && data.TryGetProperty("ipAddress", out var ip) ? ip.GetString() : null)
            .FirstOrDefault();
    }

    private async Task<JsonElement> CallAsync(string action, Dictionary<string, string> values, CancellationToken ct, bool tolerateMissing = false)
    {
        var (baseUrl, token) = await endpoints.GetDnsAsync();
        values["token"] = token;
        values["zone"] = Zone;
        values["ttl"] = options.Value.TtlSeconds.ToString();
        var query = string.Join("&", values.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));
        var json = await http.GetFromJsonAsync<JsonElement>(new Uri(baseUrl, $"api/zones/records/{action}?{query}"), ct);
        // Only a plain error (the record or zone is not there) may be taken as "already gone": a refused token
        // (invalid-token, 2fa-required) means nothing was done, and removing records must not pretend otherwise.
        var outcome = json.TryGetProperty("status", out var status) ? status.GetString() : "ok";
        if (outcome != "ok" && (!tolerateMissing || outcome != "error"))
        {
            var message = json.TryGetProperty("errorMessage", out var error) ? error.GetString() : "unknown error";
            throw new InvalidOperationException($"DNS {action} for {values["domain"]} failed: {message}");
        }

        return json;
    }
}
