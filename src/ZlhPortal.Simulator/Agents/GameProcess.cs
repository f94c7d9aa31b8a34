using ZlhPortal.Simulator.Games;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The scripted game or dev process of one agent: install → starting → running, console output, crashes and
/// restarts, stop. Each power action supersedes the one before it, as a real supervisor's would. A game server's
/// <see cref="GamePort"/> is open exactly while the state is <c>running</c>.
/// </summary>
internal sealed class GameProcess : IDisposable
{
    private static readonly string[] InstallSteps = ["downloading", "extracting", "configuring", "finalizing"];
    private readonly AgentRuntime agent;
    private readonly GamePort? port;
    private readonly Lock gate = new();
    private CancellationTokenSource? transition;
    private string state = "stopped";
    private string? error;
    private string? installStep;
    private int installProgress;
    private DateTimeOffset? processStarted;
    private bool restartRequired;
    private GameScript script;

    public GameProcess(AgentRuntime agent, string? configJson)
    {
        this.agent = agent;
        script = new GameScript(agent.Profile, configJson);
        port = GamePort.For(agent.Profile, agent.Address, Identity, Log);
        Players = new PlayerRoster(agent);
    }

    public PlayerRoster Players { get; }

    /// <summary>Whether settings changed since the game started: they apply at its next start.</summary>
    public bool RestartRequired
    {
        get
        {
            lock (gate)
            {
                return restartRequired;
            }
        }
    }

    private SimulatedCluster Cluster => agent.Cluster;

    private SimulatorOptions Options => agent.Cluster.Options;

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

    public void Log(string text)
    {
        var time = DateTimeOffset.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        agent.Console.Write(script.IsMinecraft ? $"[{time} INFO]: {text}" : $"[{time}] {text}");
    }

    /// <summary>Brings back the process a restarted container had running.</summary>
    public void Resume() => Transition(RunStartAsync);

    /// <summary>New settings from <c>POST /config</c>: reinstall, then start.</summary>
    public void Configure(string settingsJson)
    {
        script = new GameScript(agent.Profile, settingsJson);
        SetState("installing");
        Transition(RunInstallAsync);
    }

    public void Start()
    {
        if (State is "running" or "starting")
        {
            return;
        }

        SetProcessWanted(true);
        Transition(RunStartAsync);
    }

    public void Stop()
    {
        SetProcessWanted(false);
        Transition(ct => RunStopAsync(false, ct));
    }

    public void Restart()
    {
        SetProcessWanted(true);
        Transition(ct => RunStopAsync(true, ct));
    }

    /// <summary>Settings were changed: a running game picks them up when it starts again.</summary>
    /// <returns>Whether a restart is needed to apply them.</returns>
    public bool SettingsChanged()
    {
        lock (gate)
        {
            restartRequired = state is "running" or "starting" or "stopping" or "crashed";
            return restartRequired;
        }
    }

    /// <summary>A simulated player tries to join (refused while the game is not running, and as the game's rules say).</summary>
    public (bool Joined, string Line) Join(string name)
    {
        if (State != "running")
        {
            return (false, "The server is not running");
        }

        var current = script;
        var joined = Players.Join(name, current.MaxPlayers, current.WhitelistOn);
        Log(joined.Line);
        return joined;
    }

    public bool Leave(string name)
    {
        if (Players.Leave(name) is not { } line)
        {
            return false;
        }

        Log(line);
        return true;
    }

    /// <summary>A line typed into the console.</summary>
    public void Command(string text)
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
            Stop();
            return;
        }

        var answer = script.IsMinecraft ? Players.Answer(command, script.MaxPlayers) : null;
        foreach (var line in answer ?? script.Answer(command))
        {
            Log(line);
        }
    }

    public object Status()
    {
        SimAgentState persisted;
        lock (Cluster.Gate)
        {
            persisted = agent.Persisted;
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
                crashCount = persisted.CrashCount,
                lastExitCode = persisted.LastExitCode,
                restartCount = persisted.RestartCount,
                configured = persisted.Configured,
                kind = agent.Kind,
                cpu = running ? Math.Round(Cluster.Wave(agent.Vmid, 30) * 0.6, 3) : 0,
                memoryMb = running ? 600 + agent.Vmid % 7 * 100 : 0,
                players = running && agent.Kind == "game" ? Players.Online.Count : (int?)null,
                playerNames = running && agent.Kind == "game" ? Players.Online : null,
                maxPlayers = running && agent.Kind == "game" ? script.MaxPlayers : (int?)null,
                motd = running ? script.Motd : null,
                restartRequired,
                uptimeSeconds = processStarted is { } started ? (long)(DateTimeOffset.UtcNow - started).TotalSeconds : 0,
            };
        }
    }

    /// <summary>Closes the game port for good; the container stopped.</summary>
    public void Dispose() => port?.Dispose();

    /// <summary>Under <see cref="gate"/>, so the port can never lag behind a later state change.</summary>
    private void FollowState() => port?.SetOpen(state == "running");

    /// <summary>The name players see: the one in the settings, else the container's hostname.</summary>
    private GameIdentity Identity()
    {
        var current = script;
        if (current.ServerName is { } name)
        {
            return new GameIdentity(name, current.Version);
        }

        lock (Cluster.Gate)
        {
            return new GameIdentity(Cluster.State.Containers.TryGetValue(agent.Vmid, out var c) ? c.Hostname : $"ct{agent.Vmid}", current.Version);
        }
    }

    private void SetState(string next, string? failure = null)
    {
        lock (gate)
        {
            state = next;
            error = failure;
            FollowState();
        }
    }

    private void Transition(Func<CancellationToken, Task> run)
    {
        CancellationTokenSource next;
        lock (gate)
        {
            transition?.Cancel();
            transition = next = CancellationTokenSource.CreateLinkedTokenSource(agent.Lifetime);
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
        var step = Options.InstallDuration / InstallSteps.Length;
        for (var i = 0; i < InstallSteps.Length; i++)
        {
            lock (gate)
            {
                state = "installing";
                FollowState();
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

        lock (Cluster.Gate)
        {
            var persisted = agent.Persisted;
            persisted.Configured = true;
            persisted.ProcessWanted = true;
            Cluster.MarkDirty();
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
            Reload();
            var boot = script.BootLog();
            var delay = Options.ProcessStartDuration / (boot.Count + 1);
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
                FollowState();
            }

            Log(script.ReadyLine());
            if (!InCrashLoop())
            {
                break;
            }

            await Task.Delay(Max(Options.ProcessStartDuration / 2, TimeSpan.FromMilliseconds(50)), ct);
            Log("[ERROR] The server process exited unexpectedly (exit code 137)");
            SetState("crashed", "process exited with code 137");
            lock (Cluster.Gate)
            {
                var persisted = agent.Persisted;
                persisted.CrashCount++;
                persisted.LastExitCode = 137;
                persisted.RestartCount++;
                Cluster.MarkDirty();
            }

            await Task.Delay(Max(Options.ProcessStartDuration, TimeSpan.FromMilliseconds(50)), ct);
            Log("Restarting after crash");
        }

        while (true)
        {
            await Task.Delay(Max(Options.ConsoleTickInterval, TimeSpan.FromMilliseconds(100)), ct);
            Log(script.TickLine(tick++, Players.Online));
        }
    }

    private async Task RunStopAsync(bool thenStart, CancellationToken ct)
    {
        SetState("stopping");
        Log("Stopping the server");
        Log("Saving worlds");
        await Task.Delay(Options.ProcessStartDuration / 2, ct);
        lock (gate)
        {
            state = "stopped";
            processStarted = null;
            FollowState();
        }

        Players.Clear();
        Log("Server stopped");
        if (thenStart)
        {
            lock (Cluster.Gate)
            {
                agent.Persisted.RestartCount++;
                Cluster.MarkDirty();
            }

            await RunStartAsync(ct);
        }
    }

    /// <summary>A start reads the settings and the game's files afresh, as a real server reads server.properties.</summary>
    private void Reload()
    {
        string? configJson;
        Dictionary<string, string> properties;
        lock (Cluster.Gate)
        {
            var persisted = agent.Persisted;
            configJson = persisted.ConfigJson;
            properties = AgentSettings.ReadProperties(persisted.Files);
        }

        lock (gate)
        {
            script = new GameScript(agent.Profile, configJson, properties);
            restartRequired = false;
        }

        Players.Clear();
    }

    private bool InCrashLoop()
    {
        lock (Cluster.Gate)
        {
            return Cluster.Faults.AgentCrashLoop.Contains(agent.Vmid);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void SetProcessWanted(bool wanted)
    {
        lock (Cluster.Gate)
        {
            agent.Persisted.ProcessWanted = wanted;
            Cluster.MarkDirty();
        }
    }
}
