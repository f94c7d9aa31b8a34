using System.Net;
using System.Text.Json;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Dns;

/// <summary>
/// The part of Technitium DNS Server's HTTP API the portal uses: <c>/api/zones/records/add|delete|get</c>
/// with <c>?token=</c>, A and SRV records. Like Technitium, failures are HTTP 200 with a <c>status</c> field.
/// </summary>
internal sealed class DnsApi(SimulatedCluster cluster, string dnsToken)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(HttpContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (context.Request.HasFormContentType)
        {
            foreach (var (k, v) in await context.Request.ReadFormAsync(context.RequestAborted))
            {
                values[k] = v.ToString();
            }
        }

        foreach (var (k, v) in context.Request.Query)
        {
            values[k] = v.ToString();
        }

        object reply;
        if (!values.TryGetValue("token", out var token) || token != dnsToken)
        {
            reply = new { status = "invalid-token", errorMessage = "Invalid token or session expired." };
        }
        else
        {
            try
            {
                reply = context.Request.Path.Value switch
                {
                    "/api/zones/records/add" => Add(values),
                    "/api/zones/records/delete" => Delete(values),
                    "/api/zones/records/get" => Get(values),
                    "/api/zones/list" => List(),
                    _ => throw new DnsApiException("Invalid API call."),
                };
            }
            catch (DnsApiException ex)
            {
                reply = new { status = "error", errorMessage = ex.Message };
            }
        }

        await context.Response.WriteAsJsonAsync(reply, Json);
    }

    private object Add(Dictionary<string, string> v)
    {
        var record = Parse(v);
        lock (cluster.Gate)
        {
            var existing = cluster.State.DnsRecords.Where(r => r.Name == record.Name && r.Type == record.Type).ToList();
            if (Flag(v, "overwrite"))
            {
                existing.ForEach(r => cluster.State.DnsRecords.Remove(r));
            }
            else if (existing.Any(r => Same(r, record)))
            {
                throw new DnsApiException("Cannot add record: record already exists.");
            }

            cluster.State.DnsRecords.Add(record);
            cluster.MarkDirty();
        }

        return new { status = "ok", response = new { zone = Zone(record.Zone), addedRecord = Shape(record) } };
    }

    private object Delete(Dictionary<string, string> v)
    {
        var record = Parse(v);
        lock (cluster.Gate)
        {
            var removed = cluster.State.DnsRecords.RemoveAll(r => r.Name == record.Name && r.Type == record.Type
                && (record.Type == "A" ? r.IpAddress == record.IpAddress || record.IpAddress is null
                    : r.Target == record.Target && r.Port == record.Port && r.Priority == record.Priority && r.Weight == record.Weight));
            if (removed == 0)
            {
                throw new DnsApiException("Cannot delete record: no such record exists.");
            }

            cluster.MarkDirty();
        }

        return new { status = "ok" };
    }

    private object Get(Dictionary<string, string> v)
    {
        var domain = Required(v, "domain").TrimEnd('.').ToLowerInvariant();
        var zone = v.GetValueOrDefault("zone")?.TrimEnd('.').ToLowerInvariant() ?? domain;
        var listZone = Flag(v, "listZone");
        lock (cluster.Gate)
        {
            var records = cluster.State.DnsRecords
                .Where(r => r.Zone == zone && (listZone || r.Name == domain))
                .Select(Shape).ToList();
            return new { status = "ok", response = new { zone = Zone(zone), name = domain, records } };
        }
    }

    private object List()
    {
        lock (cluster.Gate)
        {
            return new { status = "ok", response = new { zones = cluster.State.DnsRecords.Select(r => r.Zone).Distinct().Select(Zone).ToList() } };
        }
    }

    private static SimDnsRecord Parse(Dictionary<string, string> v)
    {
        var domain = Required(v, "domain").TrimEnd('.').ToLowerInvariant();
        var zone = v.GetValueOrDefault("zone")?.TrimEnd('.').ToLowerInvariant()
            ?? string.Join('.', domain.Split('.').TakeLast(2));
        if (domain != zone && !domain.EndsWith("." + zone, StringComparison.Ordinal))
        {
            throw new DnsApiException($"The domain name '{domain}' does not belong to zone '{zone}'.");
        }

        var type = Required(v, "type").ToUpperInvariant();
        var ttl = v.TryGetValue("ttl", out var ttlText) && int.TryParse(ttlText, out var t) ? t : 3600;
        var record = new SimDnsRecord { Zone = zone, Name = domain, Type = type, Ttl = ttl };
        switch (type)
        {
            case "A":
                var ip = v.GetValueOrDefault("ipAddress") ?? v.GetValueOrDefault("value");
                if (ip is null && v.ContainsKey("ttl") && !v.ContainsKey("ipAddress"))
                {
                    throw new DnsApiException("Parameter 'ipAddress' missing.");
                }

                if (ip is not null && (!IPAddress.TryParse(ip, out var parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork))
                {
                    throw new DnsApiException($"An invalid IP address was specified: {ip}");
                }

                record.IpAddress = ip;
                break;
            case "SRV":
                record.Priority = Int(v, "priority");
                record.Weight = Int(v, "weight");
                record.Port = Int(v, "port");
                record.Target = Required(v, "target").TrimEnd('.').ToLowerInvariant();
                break;
            default:
                throw new DnsApiException($"Record type '{type}' is not supported by this server.");
        }

        return record;
    }

    private static bool Same(SimDnsRecord a, SimDnsRecord b) =>
        a.IpAddress == b.IpAddress && a.Target == b.Target && a.Port == b.Port && a.Priority == b.Priority && a.Weight == b.Weight;

    private static object Zone(string name) => new { name, type = "Primary", disabled = false };

    private static object Shape(SimDnsRecord r) => new
    {
        name = r.Name,
        type = r.Type,
        ttl = r.Ttl,
        disabled = false,
        rData = r.Type == "A"
            ? (object)new { ipAddress = r.IpAddress }
            : new { priority = r.Priority, weight = r.Weight, port = r.Port, target = r.Target },
    };

    private static string Required(Dictionary<string, string> v, string name) =>
        v.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new DnsApiException($"Parameter '{name}' missing.");

    private static int Int(Dictionary<string, string> v, string name) =>
        int.TryParse(Required(v, name), out var value) ? value : throw new DnsApiException($"Parameter '{name}' must be a number.");

    private static bool Flag(Dictionary<string, string> v, string name) =>
        v.TryGetValue(name, out var value) && value.Equals("true", StringComparison.OrdinalIgnoreCase);
}
