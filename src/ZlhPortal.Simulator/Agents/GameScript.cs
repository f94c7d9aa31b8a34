using System.Text.Json;

namespace ZlhPortal.Simulator.Agents;

/// <summary>What the scripted game (or dev runtime) prints, by profile.</summary>
internal sealed class GameScript(string profile, string? configJson, IReadOnlyDictionary<string, string>? properties = null)
{
    private readonly string version = ReadConfig(configJson, "version") ?? DefaultVersion(profile);

    /// <summary>The game version the settings ask for, else the profile's default.</summary>
    public string Version => version;

    /// <summary>The server's name as the portal sends it (<c>name</c> or <c>server_name</c>), if it does.</summary>
    public string? ServerName { get; } = ReadConfig(configJson, "name") ?? ReadConfig(configJson, "server_name");

    /// <summary>Minecraft's message of the day, as <c>server.properties</c> had it when the game started.</summary>
    public string? Motd { get; } = properties?.GetValueOrDefault("motd");

    /// <summary>How many players fit: <c>max-players</c> for Minecraft, the <c>max_players</c> setting for other games.</summary>
    public int MaxPlayers { get; } =
        int.TryParse(properties?.GetValueOrDefault("max-players"), out var max) || int.TryParse(ReadNumber(configJson, "max_players"), out max) ? max : 20;

    /// <summary>Whether only whitelisted players may join.</summary>
    public bool WhitelistOn { get; } = properties?.GetValueOrDefault("white-list") == "true";

    public bool IsMinecraft => profile.StartsWith("minecraft", StringComparison.Ordinal);

    public IReadOnlyList<string> BootLog() => profile switch
    {
        "minecraft-paper" =>
        [
            $"Starting minecraft server version {version}",
            $"[PaperMC] Paper version git-Paper-132 (MC: {version})",
            "Loading properties", "Default game type: SURVIVAL", "Preparing level \"world\"",
            "Preparing spawn area: 0%", "Preparing spawn area: 100%",
        ],
        "minecraft-fabric" =>
        [
            $"Loading Minecraft {version} with Fabric Loader 0.16.9", $"Starting minecraft server version {version}",
            "Loading properties", "Preparing level \"world\"", "Preparing spawn area: 100%",
        ],
        "minecraft-vanilla" =>
            [$"Starting minecraft server version {version}", "Loading properties", "Preparing level \"world\"", "Preparing spawn area: 100%"],
        "valheim" => [$"Valheim version: {version}", "Loading world \"Dedicated\"", "Game server connected"],
        "terraria" => [$"Terraria Server v{version}", "Resetting game objects 100%", "Settling liquids 100%", "Listening on port 7777"],
        var p when p.StartsWith("dev-", StringComparison.Ordinal) =>
            [$"{p[4..]} runtime {version} ready", "Installing dependencies… done", "Workspace mounted at /home/dev/workspace"],
        _ => ["Process starting"],
    };

    public string ReadyLine() => profile switch
    {
        var p when p.StartsWith("minecraft", StringComparison.Ordinal) => "Done (3.214s)! For help, type \"help\"",
        "valheim" => "Session \"ZeroLagHub\" with join code 123456 and IP is active with 0 player(s)",
        "terraria" => "Server started",
        var p when p.StartsWith("dev-", StringComparison.Ordinal) => "Dev server listening on http://0.0.0.0:3000",
        _ => "Ready",
    };

    public string TickLine(int tick, IReadOnlyList<string> online) => IsMinecraft
        ? (tick % 3 == 0 ? "Saving the game (autosave)" : $"There are {online.Count} of a max of {MaxPlayers} players online: {string.Join(", ", online)}")
        : (tick % 2 == 0 ? "Autosaving world…" : $"Heartbeat: {online.Count} players connected");

    /// <summary>Answers a console command; <c>stop</c> is handled by the caller.</summary>
    public IReadOnlyList<string> Answer(string command)
    {
        var trimmed = command.Trim();
        var verb = trimmed.Split(' ', 2)[0].ToLowerInvariant();
        return verb switch
        {
            "help" =>
            [
                "--- Showing help page 1 of 1 ---",
                "/help: Shows this list", "/list: Lists players online", "/say <message>: Broadcasts a message", "/stop: Stops the server",
            ],
            "list" => IsMinecraft ? [$"There are 0 of a max of {MaxPlayers} players online: "] : ["0 players connected."],
            "say" => [$"[Server] {(trimmed.Length > 4 ? trimmed[4..] : "")}"],
            "" => [],
            _ => IsMinecraft ? ["Unknown or incomplete command, see below for error", $"{trimmed}<--[HERE]"] : [$"Unknown command: {verb}"],
        };
    }

    private static string DefaultVersion(string profile) => profile switch
    {
        var p when p.StartsWith("minecraft", StringComparison.Ordinal) => "1.21.4",
        "valheim" => "0.219.16",
        "terraria" => "1.4.4.9",
        "dev-node" => "22.12.0",
        "dev-python" => "3.13.1",
        "dev-dotnet" => "10.0.1",
        "dev-go" => "1.24.0",
        _ => "1.0",
    };

    private static string? ReadNumber(string? json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json ?? "{}");
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
                ? value.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadConfig(string? json, string name)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
