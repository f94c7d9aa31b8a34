using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The zlh-agent of one running container (DESIGN.md §7) on its own loopback address, plus the web IDE
/// for dev containers. Runs a scripted game/dev process: install → starting → running, console output,
/// crashes and restarts.
/// </summary>
internal sealed class AgentRuntime : IAsyncDisposable
{
    private const int MaxBodyBytes = 1 << 20;
    private static readonly string[] InstallSteps = ["downloading", "extracting", "configuring", "finalizing"];
    private readonly SimulatedCluster cluster;
    private readonly SimulatorOptions options;
    private readonly AgentRequestLog requests;
    private readonly IServiceProvider services;
    private readonly CancellationTokenSource life = new();
    private readonly Lock gate = new();
    private readonly IdeServer ide;
    private readonly SimAgentState detached = new();
    private CancellationTokenSource? transition;
    private KestrelServer? server;
    private string state = "stopped";
    private string? error;
    private string? installStep;
    private int installProgress;
    private DateTimeOffset? processStarted;
    private GameScript script;

    public AgentRuntime(SimulatedCluster cluster, int vmid, AgentRequestLog requests, IServiceProvider services)
    {
        this.cluster = cluster;
        this.requests = requests;
        this.services = services;
        options = cluster.Options;
        Vmid = vmid;
        lock (cluster.Gate)
        {
            var c = cluster.State.Containers[vmid];
            Address = IPAddress.Parse(c.AgentAddress!);
            Kind = c.Kind;
            Profile = c.Profile;
            script = new GameScript(c.Profile, c.Agent.ConfigJson);
        }

        ide = new IdeServer(this);
    }

    public int Vmid { get; }

    public IPAddress Address { get; }

    public string Kind { get; }

    public string Profile { get; }

    public ConsoleHub Console { get; } = new();

    public string State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    internal SimulatedCluster Cluster => cluster;

    /// <summary>
    /// The agent's persisted state; call under the cluster gate. A destroyed container's agent may still
    /// answer for a moment before it is stopped, so it then works on a detached copy instead of failing.
    /// </summary>
    private SimAgentState Persisted =>
        cluster.State.Containers.TryGetValue(Vmid, out var c) ? c.Agent : detached;

    public async Task StartAsync()
    {
        var kestrelOptions = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        // A native agent writes console output into the kernel's socket buffer; Kestrel's default 64 KB would pace the
        // simulated one below what a proxy in front of it can carry, and B3's bulk figures would measure the agent.
        kestrelOptions.Limits.MaxResponseBufferSize = 1 << 20;
        kestrelOptions.Listen(Address, options.AgentPort);
        if (Kind == "dev")
        {
            kestrelOptions.Listen(Address, options.IdePort);
        }

        server = new KestrelServer(Options.Create(kestrelOptions), services.GetRequiredService<IConnectionListenerFactory>(),
            services.GetRequiredService<ILoggerFactory>());
        var pipeline = new ApplicationBuilder(services);
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(25) });
        pipeline.Run(HandleAsync);
        await server.StartAsync(new AgentHttpApplication(pipeline.Build(), services), CancellationToken.None);

        Log("zlh-agent 1.4.0 started");
        bool resume;
        lock (cluster.Gate)
        {
            var agent = Persisted;
            resume = agent.Configured && agent.ProcessWanted;
        }

        if (resume)
        {
            Transition(RunStartAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await life.CancelAsync();
        Console.CloseAll();
        if (server is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await server.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }

            server.Dispose();
        }

        life.Dispose();
    }

    // ---- the scripted process ----------------------------------------------------------------------------

    private void SetState(string next, string? failure = null)
    {
        lock (gate)
        {
            state = next;
            error = failure;
        }
    }

    public void Log(string text)
    {
        var time = DateTimeOffset.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Console.Write(script.IsMinecraft ? $"[{time} INFO]: {text}" : $"[{time}] {text}");
    }

    private void Transition(Func<CancellationToken, Task> run)
    {
        CancellationTokenSource next;
        lock (gate)
        {
            transition?.Cancel();
            transition = next = CancellationTokenSource.CreateLinkedTokenSource(life.Token);
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await run(next.Token);
            }
            catch (OperationCanceledException)
            {
                // Superseded by a newer transition or the container stopped.
            }
        });
    }

    private async Task RunInstallAsync(CancellationToken ct)
    {
        var step = options.InstallDuration / InstallSteps.Length;
        for (var i = 0; i < InstallSteps.Length; i++)
        {
            lock (gate)
            {
                state = "installing";
                installStep = InstallSteps[i];
                installProgress = i * 100 / InstallSteps.Length;
            }

            Log($"[install] {InstallSteps[i]} ({i + 1}/{InstallSteps.Length})");
            await Task.Delay(step, ct);
        }

        lock (gate)
        {
            installStep = null;
            installProgress = 100;
        }

        lock (cluster.Gate)
        {
            var agent = Persisted;
            agent.Configured = true;
            agent.ProcessWanted = true;
            cluster.MarkDirty();
        }

        Log("[install] complete");
        await RunStartAsync(ct);
    }

    private async Task RunStartAsync(CancellationToken ct)
    {
        var tick = 0;
        while (true)
        {
            SetState("starting");
            var boot = script.BootLog();
            var delay = options.ProcessStartDuration / (boot.Count + 1);
            foreach (var line in boot)
            {
                Log(line);
                await Task.Delay(delay, ct);
            }

            await Task.Delay(delay, ct);
            lock (gate)
            {
                state = "running";
                processStarted = DateTimeOffset.UtcNow;
            }

            Log(script.ReadyLine());
            if (!InCrashLoop())
            {
                break;
            }

            await Task.Delay(Max(options.ProcessStartDuration / 2, TimeSpan.FromMilliseconds(50)), ct);
            Log("[ERROR] The server process exited unexpectedly (exit code 137)");
            SetState("crashed", "process exited with code 137");
            lock (cluster.Gate)
            {
                var agent = Persisted;
                agent.CrashCount++;
                agent.RestartCount++;
                cluster.MarkDirty();
            }

            await Task.Delay(Max(options.ProcessStartDuration, TimeSpan.FromMilliseconds(50)), ct);
            Log("Restarting after crash");
        }

        while (true)
        {
            await Task.Delay(Max(options.ConsoleTickInterval, TimeSpan.FromMilliseconds(100)), ct);
            Log(script.TickLine(tick++));
        }
    }

    private async Task RunStopAsync(bool thenStart, CancellationToken ct)
    {
        SetState("stopping");
        Log("Stopping the server");
        Log("Saving worlds");
        await Task.Delay(options.ProcessStartDuration / 2, ct);
        lock (gate)
        {
            state = "stopped";
            processStarted = null;
        }

        Log("Server stopped");
        if (thenStart)
        {
            lock (cluster.Gate)
            {
                Persisted.RestartCount++;
                cluster.MarkDirty();
            }

            await RunStartAsync(ct);
        }
    }

    private bool InCrashLoop()
    {
        lock (cluster.Gate)
        {
            return cluster.Faults.AgentCrashLoop.Contains(Vmid);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void SetProcessWanted(bool wanted)
    {
        lock (cluster.Gate)
        {
            Persisted.ProcessWanted = wanted;
            cluster.MarkDirty();
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requests.Add(new AgentRequestRecord(DateTimeOffset.UtcNow, Vmid, Address.ToString(), context.Connection.LocalPort, request.Method,
            request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.WebSockets.IsWebSocketRequest));

        var onIde = Kind == "dev" && context.Connection.LocalPort == options.IdePort && options.IdePort != options.AgentPort;
        var path = request.Path.Value ?? "";
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
            await ide.HandleAsync(context, life.Token);
            return;
        }

        switch (request.Method, path)
        {
            case ("GET", "/health"):
                await context.Response.WriteAsJsonAsync(new { status = "ok", version = "1.4.0", features = new[] { "files" } });
                break;
            case ("GET", "/status"):
                await context.Response.WriteAsJsonAsync(Status());
                break;
            case ("POST", "/config"):
                await ConfigAsync(context);
                break;
            case ("POST", "/start"):
                await PowerAsync(context, "start");
                break;
            case ("POST", "/stop"):
                await PowerAsync(context, "stop");
                break;
            case ("POST", "/restart"):
                await PowerAsync(context, "restart");
                break;
            case ("GET", "/console/stream"):
                await ConsoleAsync(context);
                break;
            case ("GET", "/files"):
                await context.Response.WriteAsJsonAsync(ListFiles(request.Query["path"]));
                break;
            case ("GET", "/files/content"):
                await ReadFileAsync(context);
                break;
            case ("PUT", "/files/content"):
                await WriteFileAsync(context);
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
        lock (cluster.Gate)
        {
            credential = Persisted.Credential;
        }

        return credential is null ? claiming : Matches(presented, credential);
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && header[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
    }

    private static bool Matches(string presented, string credential) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(credential));

    private static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.Response.WriteAsJsonAsync(new { error = "missing or invalid bearer credential" });
    }

    private bool NeverHealthy()
    {
        lock (cluster.Gate)
        {
            return cluster.Faults.AgentNeverHealthy.Contains(Vmid);
        }
    }

    public object Status()
    {
        SimAgentState agent;
        lock (cluster.Gate)
        {
            agent = Persisted;
        }

        lock (gate)
        {
            var running = state == "running";
            return new
            {
                state,
                error,
                installStep,
                installProgress = state == "installing" ? installProgress : (int?)null,
                crashCount = agent.CrashCount,
                restartCount = agent.RestartCount,
                configured = agent.Configured,
                kind = Kind,
                cpu = running ? Math.Round(cluster.Wave(Vmid, 30) * 0.6, 3) : 0,
                memoryMb = running ? 600 + Vmid % 7 * 100 : 0,
                players = running && Kind == "game" ? 0 : (int?)null,
                uptimeSeconds = processStarted is { } started ? (long)(DateTimeOffset.UtcNow - started).TotalSeconds : 0,
            };
        }
    }

    private async Task ConfigAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxBodyBytes];
            var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            body = new string(buffer, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "body must be a JSON object" });
            return;
        }

        if (State == "installing")
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { error = "install already in progress" });
            return;
        }

        var presented = Bearer(context)!;
        bool accepted;
        lock (cluster.Gate)
        {
            var agent = Persisted;
            // Checked again where it is set: of two first calls racing with different bearers, only one may win.
            accepted = agent.Credential is null || Matches(presented, agent.Credential);
            if (accepted)
            {
                agent.Credential = presented;
                agent.ConfigJson = body;
                agent.Configured = false;
                cluster.MarkDirty();
            }
        }

        if (!accepted)
        {
            await RefuseAsync(context);
            return;
        }

        script = new GameScript(Profile, body);
        SetState("installing");
        Transition(RunInstallAsync);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsJsonAsync(new { state = "installing" });
    }

    private async Task PowerAsync(HttpContext context, string action)
    {
        bool configured;
        lock (cluster.Gate)
        {
            configured = Persisted.Configured;
        }

        if (!configured)
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsJsonAsync(new { error = "not configured: POST /config first" });
            return;
        }

        switch (action)
        {
            case "start" when State is "running" or "starting":
                break;
            case "start":
                SetProcessWanted(true);
                Transition(RunStartAsync);
                break;
            case "stop":
                SetProcessWanted(false);
                Transition(ct => RunStopAsync(false, ct));
                break;
            default:
                SetProcessWanted(true);
                Transition(ct => RunStopAsync(true, ct));
                break;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await context.Response.WriteAsJsonAsync(new { state = State });
    }

    private async Task ConsoleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "WebSocket upgrade required" });
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var (history, live) = Console.Subscribe();
        try
        {
            foreach (var line in history)
            {
                await SendAsync(socket, line);
            }

            bool drop;
            lock (cluster.Gate)
            {
                drop = cluster.Faults.DropConsole.Contains(Vmid);
            }

            if (drop)
            {
                // Ending the request without a close frame closes the connection under the client,
                // as when an agent dies; an abort would reset it before the history arrived.
                return;
            }

            using var sending = new SemaphoreSlim(1, 1);
            var receiving = ReceiveCommandsAsync(socket, live, sending);
            await foreach (var line in live.Reader.ReadAllAsync(life.Token))
            {
                await sending.WaitAsync(life.Token);
                try
                {
                    await SendAsync(socket, line);
                }
                finally
                {
                    sending.Release();
                }
            }

            await receiving;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Client went away or the container stopped.
        }
        finally
        {
            Console.Unsubscribe(live);
        }
    }

    private Task SendAsync(WebSocket socket, string line) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(line), WebSocketMessageType.Text, true, life.Token);

    private async Task ReceiveCommandsAsync(WebSocket socket, System.Threading.Channels.Channel<string> live, SemaphoreSlim sending)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        var message = new StringBuilder();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, life.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                if (message.Length > 4096)
                {
                    message.Clear();
                    continue;
                }

                if (result.EndOfMessage)
                {
                    var text = message.ToString();
                    message.Clear();
                    if (text.StartsWith(BenchFloodCommand, StringComparison.Ordinal))
                    {
                        await BenchFloodAsync(socket, text, sending);
                        continue;
                    }

                    Command(text);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Console.Unsubscribe(live);
        }
    }

    /// <summary>
    /// Bench only (benchmark B3, bulk console output): <c>bench-flood BYTES FRAME</c> sends BYTES of filler to this
    /// socket alone in FRAME-byte text messages, awaiting each send (the socket's own backpressure), then one line
    /// <c>bench-flood done</c>. It bypasses the console history and the other subscribers, so a real console never
    /// sees it; the shared hub drops lines under load and could not carry megabytes.
    /// </summary>
    internal const string BenchFloodCommand = "bench-flood ";

    private async Task BenchFloodAsync(WebSocket socket, string text, SemaphoreSlim sending)
    {
        var parts = text[BenchFloodCommand.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var total = parts.Length > 0 && long.TryParse(parts[0], out var t) ? Math.Clamp(t, 0, 1L << 30) : 1 << 20;
        var frameSize = parts.Length > 1 && int.TryParse(parts[1], out var f) ? Math.Clamp(f, 1, 1 << 20) : 16 * 1024;
        var frame = new byte[frameSize];
        Array.Fill(frame, (byte)'x');
        await sending.WaitAsync(life.Token);
        try
        {
            for (long sent = 0; sent < total; sent += frameSize)
            {
                var count = (int)Math.Min(frameSize, total - sent);
                await socket.SendAsync(frame.AsMemory(0, count), WebSocketMessageType.Text, true, life.Token);
            }

            await SendAsync(socket, "bench-flood done");
        }
        finally
        {
            sending.Release();
        }
    }

    private void Command(string text)
    {
        var command = text.Trim().TrimStart('/');
        if (command.Length == 0)
        {
            return;
        }

        if (State != "running")
        {
            Log("Server is not running; command ignored");
            return;
        }

        if (command.Equals("stop", StringComparison.OrdinalIgnoreCase))
        {
            SetProcessWanted(false);
            Transition(ct => RunStopAsync(false, ct));
            return;
        }

        foreach (var line in script.Answer(command))
        {
            Log(line);
        }
    }

    // ---- files -------------------------------------------------------------------------------------------

    public IReadOnlyList<AgentFileEntry> ListFiles(string? directory)
    {
        var prefix = string.IsNullOrEmpty(directory) || directory == "/" ? "" : AgentFiles.Confine(directory) + "/";
        lock (cluster.Gate)
        {
            return Persisted.Files
                .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new AgentFileEntry(f.Key, Encoding.UTF8.GetByteCount(f.Value))).ToList();
        }
    }

    public string? ReadFile(string path)
    {
        lock (cluster.Gate)
        {
            return Persisted.Files.GetValueOrDefault(path);
        }
    }

    public void WriteFile(string path, string content)
    {
        lock (cluster.Gate)
        {
            Persisted.Files[path] = content;
            cluster.MarkDirty();
        }
    }

    internal async Task ReadFileAsync(HttpContext context)
    {
        var path = AgentFiles.Confine(context.Request.Query["path"]);
        if (path is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "path must be relative to the server directory" });
            return;
        }

        var content = ReadFile(path);
        if (content is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { error = "no such file" });
            return;
        }

        // With its length, as a file server answers for a file (not chunked).
        var bytes = Encoding.UTF8.GetBytes(content);
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    internal async Task WriteFileAsync(HttpContext context)
    {
        var path = AgentFiles.Confine(context.Request.Query["path"]);
        if (path is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "path must be relative to the server directory" });
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        WriteFile(path, await reader.ReadToEndAsync(context.RequestAborted));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
