using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ZlhPortal.Simulator.Agents;

namespace ZlhPortal.Simulator.Velocity;

/// <summary>
/// The HTTP API of the platform's Velocity bridge plugin (DESIGN.md §11): <c>POST /zpack/register</c>,
/// <c>POST /zpack/unregister</c>, <c>GET /zpack/list</c>, each behind <c>X-Zpack-Secret</c>, the lower-case hex SHA-256
/// of the shared secret. Plain HTTP on a listener of its own, as the plugin's is.
/// </summary>
internal sealed class VelocityBridge(VelocityRegistry registry, string secret) : IAsyncDisposable
{
    private const string SecretHeader = "X-Zpack-Secret";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly byte[] expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    private KestrelServer? server;

    /// <summary>Starts listening; returns the bound URL (<c>http://address:port/</c>).</summary>
    public async Task<Uri> StartAsync(IPAddress address, int port, IServiceProvider services)
    {
        server = BareKestrel.Create(services, kestrel => kestrel.Listen(address, port));
        await server.StartAsync(new AgentHttpApplication(HandleAsync, services), CancellationToken.None);
        var bound = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new Uri($"http://{address}:{bound.Port}/");
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await BareKestrel.StopAsync(server);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (status, body) = await AnswerAsync(context);
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, Json);
    }

    private async Task<(int Status, object Body)> AnswerAsync(HttpContext context)
    {
        if (!Authorized(context.Request.Headers[SecretHeader].ToString()))
        {
            return (StatusCodes.Status401Unauthorized, new { ok = false, error = $"missing or wrong {SecretHeader}" });
        }

        switch (context.Request.Method, context.Request.Path.Value)
        {
            case ("GET", "/zpack/list"):
                return (StatusCodes.Status200OK, new { servers = registry.List().Select(s => new { name = s.Name, address = s.Address, port = s.Port }) });
            case ("POST", "/zpack/register"):
            {
                if (await ReadAsync(context) is not { } request)
                {
                    return BadRequest("body must be a JSON object");
                }

                if (Text(request, "server_name") is not { } name)
                {
                    return BadRequest("server_name is required");
                }

                if (Text(request, "address") is not { } address)
                {
                    return BadRequest("address is required");
                }

                if (!request.TryGetProperty("port", out var portValue) || !portValue.TryGetInt32(out var port) || port is < 1 or > 65535)
                {
                    return BadRequest("port must be a number from 1 to 65535");
                }

                registry.Register(name, address, port);
                return (StatusCodes.Status200OK, new { ok = true });
            }

            case ("POST", "/zpack/unregister"):
            {
                if (await ReadAsync(context) is not { } request)
                {
                    return BadRequest("body must be a JSON object");
                }

                if (Text(request, "server_name") is not { } name)
                {
                    return BadRequest("server_name is required");
                }

                return registry.Unregister(name)
                    ? (StatusCodes.Status200OK, new { ok = true })
                    : (StatusCodes.Status404NotFound, new { ok = false, error = $"{name} is not registered" });
            }

            default:
                return (StatusCodes.Status404NotFound, new { ok = false, error = "not found" });
        }
    }

    private bool Authorized(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), expected);

    private static (int, object) BadRequest(string error) => (StatusCodes.Status400BadRequest, new { ok = false, error });

    private static async Task<JsonElement?> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > 64 * 1024)
        {
            return null;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text.Trim() : null;
}
