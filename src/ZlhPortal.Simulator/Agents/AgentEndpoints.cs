using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The agent's HTTP API (DESIGN.md §7) and, on the IDE port of a dev container, the IDE: every request is logged for
/// the control API, checked against the agent's credential, then dispatched.
/// </summary>
internal sealed class AgentEndpoints(AgentRuntime agent, AgentRequestLog requests)
{
    public const int MaxBodyBytes = 1 << 20;
    private readonly IdeServer ide = new(agent);
    private readonly ConsoleSocket console = new(agent);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var options = agent.Cluster.Options;
        var onIde = agent.Kind == "dev" && context.Connection.LocalPort == options.IdePort && options.IdePort != options.AgentPort;
        var path = request.Path.Value ?? "";
        // Settings bodies are logged too: tests prove the portal sends only what changed.
        var body = !onIde && request.Method == "POST" && path == "/config" ? await ReadBodyAsync(context) : null;
        requests.Add(new AgentRequestRecord(DateTimeOffset.UtcNow, agent.Vmid, agent.Address.ToString(), context.Connection.LocalPort, request.Method,
            path, request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.WebSockets.IsWebSocketRequest, body));

        // A sick agent answers 503 before it checks anyone's credential, as a process that is still starting would.
        if (!onIde && request.Method == "GET" && path == "/health" && NeverHealthy())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { status = "starting" });
            return;
        }

        if (!Authorize(context, claiming: !onIde && request.Method == "POST" && path == "/config"))
        {
            await RefuseAsync(context);
            return;
        }

        if (onIde)
        {
            await ide.HandleAsync(context, agent.Lifetime);
            return;
        }

        switch (request.Method, path)
        {
            case ("GET", "/health"):
                await context.Response.WriteAsJsonAsync(new { status = "ok", version = "1.4.0", features = new[] { "files" } });
                break;
            case ("GET", "/status"):
                await context.Response.WriteAsJsonAsync(agent.Process.Status());
                break;
            case ("GET", "/config"):
                await context.Response.WriteAsJsonAsync(agent.DescribeSettings());
                break;
            case ("POST", "/config"):
                await ConfigAsync(context, body!);
                break;
            case ("POST", "/start"):
                await PowerAsync(context, agent.Process.Start);
                break;
            case ("POST", "/stop"):
                await PowerAsync(context, agent.Process.Stop);
                break;
            case ("POST", "/restart"):
                await PowerAsync(context, agent.Process.Restart);
                break;
            case ("GET", "/console/stream"):
                await console.HandleAsync(context);
                break;
            case ("GET", "/files"):
                await AgentFileEndpoints.ListAsync(agent, context);
                break;
            case ("DELETE", "/files"):
                await AgentFileEndpoints.DeleteAsync(agent, context);
                break;
            case ("POST", "/files/folder"):
                await AgentFileEndpoints.MakeFolderAsync(agent, context);
                break;
            case ("POST", "/files/rename"):
                await AgentFileEndpoints.RenameAsync(agent, context);
                break;
            case ("POST", "/files/archive"):
                await AgentFileEndpoints.ArchiveAsync(agent, context);
                break;
            case ("POST", "/files/extract"):
                await AgentFileEndpoints.ExtractAsync(agent, context);
                break;
            case ("GET", "/files/content"):
                await AgentFileEndpoints.ReadAsync(agent, context);
                break;
            case ("PUT", "/files/content"):
                await AgentFileEndpoints.WriteAsync(agent, context);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsJsonAsync(new { error = "not found" });
                break;
        }
    }

    /// <summary>
    /// Every call needs <c>Authorization: Bearer</c> with the agent's credential: the bearer of the first accepted
    /// <c>POST /config</c> (trust on first use; the firewall admits only the portal), kept with the container. Until
    /// then only that call is let through, and <see cref="ConfigAsync"/> claims the credential.
    /// </summary>
    private bool Authorize(HttpContext context, bool claiming)
    {
        if (Bearer(context) is not { } presented)
        {
            return false;
        }

        string? credential;
        lock (agent.Cluster.Gate)
        {
            credential = agent.Persisted.Credential;
        }

        return credential is null ? claiming : Matches(presented, credential);
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && header[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
    }

    private static bool Matches(string presented, string credential) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(credential));

    private static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsJsonAsync(new { error = "missing or invalid bearer credential" });
    }

    private bool NeverHealthy()
    {
        lock (agent.Cluster.Gate)
        {
            return agent.Cluster.Faults.AgentNeverHealthy.Contains(agent.Vmid);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var buffer = new char[MaxBodyBytes];
        var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
        return new string(buffer, 0, read);
    }

    /// <summary>
    /// A body naming what is installed (game, version…) installs again with the merged settings, keeping the files; one
    /// with only settings (server.properties values, lists, memory flags) is merged and waits for the next start.
    /// </summary>
    private async Task ConfigAsync(HttpContext context, string body)
    {
        JsonObject settings;
        try
        {
            settings = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "body must be a JSON object" });
            return;
        }

        bool configured;
        lock (agent.Cluster.Gate)
        {
            configured = agent.Persisted.Configured;
        }

        if (configured && !AgentSettings.Installs(settings))
        {
            var restartRequired = agent.ChangeSettings(settings);
            await context.Response.WriteAsJsonAsync(new { state = agent.State, restartRequired });
            return;
        }

        if (agent.State == "installing")
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { error = "install already in progress" });
            return;
        }

        var presented = Bearer(context)!;
        bool accepted;
        var merged = "";
        lock (agent.Cluster.Gate)
        {
            var persisted = agent.Persisted;
            // Checked again where it is set: of two first calls racing with different bearers, only one may win.
            accepted = persisted.Credential is null || Matches(presented, persisted.Credential);
            if (accepted)
            {
                persisted.Credential = presented;
                persisted.ConfigJson = merged = AgentSettings.Merge(persisted.ConfigJson, settings);
                AgentSettings.WriteFiles(persisted.Files, settings);
                persisted.Configured = false;
                agent.Cluster.MarkDirty();
            }
        }

        if (!accepted)
        {
            await RefuseAsync(context);
            return;
        }

        agent.Process.Configure(merged);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsJsonAsync(new { state = "installing" });
    }

    private async Task PowerAsync(HttpContext context, Action action)
    {
        bool configured;
        lock (agent.Cluster.Gate)
        {
            configured = agent.Persisted.Configured;
        }

        if (!configured)
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { error = "not configured: POST /config first" });
            return;
        }

        action();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsJsonAsync(new { state = agent.State });
    }
}
