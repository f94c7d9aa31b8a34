using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>
/// Calls the zlh-agent inside a container (port 18888) with the server's own credential. Agents are
/// customer-controlled: every call is bounded in time and size, and answers are parsed, never trusted.
/// </summary>
public sealed class AgentClient(HttpClient http, IOptions<RuntimeOptions> options, ManagementNetworks networks)
{
    private const int MaxResponseBytes = 64 * 1024;
    private const int MaxPlayerNames = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Whether the agent is up: it answers <c>/health</c>, or refuses it because it has no credential yet (it keeps the
    /// bearer of the first <c>POST /config</c>, which is the portal's next call).
    /// </summary>
    public async Task<bool> AnswersAsync(string address, string credential, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, address, "health", credential, null, ct);
            return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The agent's status, or null when it cannot be reached or answers nonsense.</summary>
    public async Task<AgentStatus?> GetStatusAsync(string address, string credential, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, address, "status", credential, null, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                return null;
            }

            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (body.Length > MaxResponseBytes)
            {
                return null;
            }

            var json = JsonSerializer.Deserialize<JsonElement>(body, Json);
            return new AgentStatus(
                Text(json, "state") ?? "unknown", Truncate(Text(json, "error")), Truncate(Text(json, "installStep")),
                Int(json, "crashCount") ?? 0, Number(json, "cpu"), Int(json, "memoryMb"), Int(json, "players"))
            {
                Configured = json.TryGetProperty("configured", out var configured) && configured.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? configured.GetBoolean()
                    : null,
                LastExitCode = Int(json, "lastExitCode"),
                Motd = Truncate(Text(json, "motd")),
                MaxPlayers = Int(json, "maxPlayers"),
                PlayerNames = json.TryGetProperty("playerNames", out var names) && names.ValueKind == JsonValueKind.Array
                    ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Take(MaxPlayerNames)
                        .Select(n => n.GetString()!).Where(n => n.Length is > 0 and <= 64).ToList()
                    : null,
            };
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends the server's settings; the agent installs and starts the game or dev runtime. The first call delivers the
    /// credential too: the agent keeps the bearer of the first <c>POST /config</c> and refuses any other from then on.
    /// </summary>
    /// <returns>The agent's answer: 2xx accepted, 401 when it holds another credential.</returns>
    public async Task<HttpStatusCode> ConfigureAsync(string address, string credential, object settings, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, address, "config", credential, JsonContent.Create(settings, options: Json), ct);
        return response.StatusCode;
    }

    /// <summary>The optional parts of the API the agent advertises in <c>/health</c> (<c>files</c>), or null when it cannot be reached.</summary>
    public async Task<IReadOnlyList<string>?> GetFeaturesAsync(string address, string credential, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, address, "health", credential, null, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var json = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsByteArrayAsync(ct), Json);
            return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array
                ? features.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList()
                : [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// A call to the agent's files API (<c>files…</c>). The answer's headers come within the agent's time budget; its body
    /// is left to the caller, so a download streams. A call that sends a stream (an upload) is not timed: it lasts as long
    /// as the person's browser takes to send it, and ends when that request does.
    /// </summary>
    /// <exception cref="HttpRequestException">The agent cannot be reached (or is outside the management networks).</exception>
    public async Task<HttpResponseMessage> SendFilesAsync(
        HttpMethod method, string address, string credential, string pathAndQuery, HttpContent? content, CancellationToken ct)
    {
        if (!networks.Allows(address))
        {
            throw new HttpRequestException($"The agent address {address} is outside the management networks; the portal does not connect to it.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (content is not StreamContent)
        {
            timeout.CancelAfter(options.Value.AgentTimeout);
        }

        using var request = new HttpRequestMessage(method, new Uri($"http://{address}:{options.Value.AgentPort}/{pathAndQuery}")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    /// <summary>The settings the agent holds (<c>GET /config</c>: its settings, the game's file values, <c>restartRequired</c>), or null when it cannot say.</summary>
    public async Task<JsonElement?> GetSettingsAsync(string address, string credential, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, address, "config", credential, null, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var json = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsByteArrayAsync(ct), Json);
            return json.ValueKind == JsonValueKind.Object ? json : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends changed settings only (<c>POST /config</c> without install keys): the agent keeps them and applies them at the
    /// game's next start. Null when the agent did not take them.
    /// </summary>
    /// <returns>Whether the running game must restart to apply them.</returns>
    public async Task<bool?> ChangeSettingsAsync(string address, string credential, object changes, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Post, address, "config", credential, JsonContent.Create(changes, options: Json), ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var json = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsByteArrayAsync(ct), Json);
            // An agent that does not say is assumed to apply settings on restart, as real games read their files on start.
            return !(json.ValueKind == JsonValueKind.Object && json.TryGetProperty("restartRequired", out var restart) && restart.ValueKind == JsonValueKind.False);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary><c>start</c>, <c>stop</c> or <c>restart</c> of the process inside the container.</summary>
    public async Task<bool> PowerAsync(string address, string credential, string action, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Post, address, action, credential, null, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Types one line into the game's console: a text frame on the agent's <c>/console/stream</c>, as a console in the
    /// browser sends it. Whatever the console answers is read and dropped (an unread history would hold the agent up).
    /// </summary>
    /// <returns>Whether the line was handed to the agent.</returns>
    public async Task<bool> SendCommandAsync(string address, string credential, string command, CancellationToken ct)
    {
        if (!networks.Allows(address))
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.AgentTimeout);
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {credential}");
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{address}:{options.Value.AgentPort}/console/stream"), timeout.Token);
            var draining = DrainAsync(socket, timeout.Token);
            await socket.SendAsync(Encoding.UTF8.GetBytes(command), WebSocketMessageType.Text, true, timeout.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "sent", timeout.Token);
            await draining;
            return true;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Reads the console until the agent closes it; the command is sent by then, so a broken ending does not matter.</summary>
    private static async Task DrainAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while ((await socket.ReceiveAsync(buffer, ct)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string address, string path, string credential, HttpContent? content, CancellationToken ct)
    {
        if (!networks.Allows(address))
        {
            throw new HttpRequestException($"The agent address {address} is outside the management networks; the portal does not connect to it.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.AgentTimeout);
        using var request = new HttpRequestMessage(method, new Uri($"http://{address}:{options.Value.AgentPort}/{path}")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await response.Content.LoadIntoBufferAsync(MaxResponseBytes, timeout.Token);
        return response;
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static double? Number(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? Truncate(string? value) => value is { Length: > 500 } ? value[..500] : value;
}
