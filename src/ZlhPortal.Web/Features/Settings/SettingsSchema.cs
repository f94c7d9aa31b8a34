using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Settings;

/// <summary>
/// The settings each game has, in one place: the API validates against it, the Settings tab draws its form from it, and
/// it says where the agent keeps each value.
/// </summary>
public static partial class SettingsSchema
{
    public const int MaxNames = 200;
    private const string Properties = "properties.";

    private static readonly IReadOnlyList<SettingField> Minecraft =
    [
        new("motd", "Message of the day", SettingType.Text, "A ZeroLagHub server", Properties + "motd") { MaxLength = 59, Help = "Shown under the server's name in the server list." },
        new("difficulty", "Difficulty", SettingType.Choice, "easy", Properties + "difficulty") { Options = ["peaceful", "easy", "normal", "hard"] },
        new("gamemode", "Game mode", SettingType.Choice, "survival", Properties + "gamemode") { Options = ["survival", "creative", "adventure", "spectator"] },
        new("maxPlayers", "Max players", SettingType.Number, 20, Properties + "max-players") { Min = 1, Max = 200 },
        new("viewDistance", "View distance (chunks)", SettingType.Number, 10, Properties + "view-distance") { Min = 3, Max = 32 },
        new("spawnProtection", "Spawn protection (blocks)", SettingType.Number, 16, Properties + "spawn-protection") { Min = 0, Max = 64 },
        new("pvp", "PvP", SettingType.Toggle, true, Properties + "pvp"),
        new("whitelistEnabled", "Whitelist on", SettingType.Toggle, false, Properties + "white-list") { Help = "Only players on the whitelist may join." },
        new("onlineMode", "Online mode", SettingType.Toggle, true, Properties + "online-mode") { Help = "Check players' accounts with Mojang; turn off only behind a proxy that does." },
        new("allowFlight", "Allow flight", SettingType.Toggle, false, Properties + "allow-flight"),
        new("hardcore", "Hardcore", SettingType.Toggle, false, Properties + "hardcore"),
        new("eula", "I accept the Minecraft EULA", SettingType.Toggle, false, "eula") { Help = "The game does not start without it (minecraft.net/eula)." },
        new("whitelist", "Whitelist", SettingType.Names, Array.Empty<string>(), "whitelist"),
        new("ops", "Operators", SettingType.Names, Array.Empty<string>(), "ops"),
        new("memoryMaxMb", "Max memory (Xmx, MB)", SettingType.Memory, null, "xmx_mb") { Min = 512, Help = "Empty: chosen from your plan." },
        new("memoryMinMb", "Start memory (Xms, MB)", SettingType.Memory, null, "xms_mb") { Min = 256 },
    ];

    private static readonly IReadOnlyList<SettingField> Valheim =
    [
        new("serverName", "Server name", SettingType.Text, "ZeroLagHub", "server_name") { MaxLength = 40 },
        new("worldName", "World name", SettingType.Text, "Dedicated", "world_name") { MaxLength = 40 },
        new("password", "Password", SettingType.Text, null, "password") { MaxLength = 40, Secret = true, Help = "At least 5 characters, and not part of the server name." },
        new("public", "Listed in the server browser", SettingType.Toggle, true, "public"),
    ];

    private static readonly IReadOnlyList<SettingField> Terraria =
    [
        new("serverName", "Server name", SettingType.Text, "ZeroLagHub", "server_name") { MaxLength = 40 },
        new("worldName", "World name", SettingType.Text, "World", "world_name") { MaxLength = 40 },
        new("password", "Password", SettingType.Text, null, "password") { MaxLength = 40, Secret = true },
        new("maxPlayers", "Max players", SettingType.Number, 8, "max_players") { Min = 1, Max = 255 },
    ];

    private static readonly IReadOnlyList<SettingField> Dev =
    [
        new("startCommand", "Start command", SettingType.Text, null, "start_command") { MaxLength = 200, Help = "What the runtime runs in your workspace; empty: the runtime's default." },
        new("appPort", "App port", SettingType.Number, 3000, "app_port") { Min = 1024, Max = 65535 },
    ];

    /// <summary>The settings of a template's game (or of dev runtimes).</summary>
    public static IReadOnlyList<SettingField> For(string game, ServerKind kind) => kind == ServerKind.Dev ? Dev : game switch
    {
        "minecraft" => Minecraft,
        "valheim" => Valheim,
        "terraria" => Terraria,
        _ => [],
    };

    /// <summary>Whether <paramref name="name"/> is a player name the game accepts (and so safe to put in a console command).</summary>
    public static bool IsPlayerName(string game, string? name) => name is not null && (game == "minecraft" ? MinecraftName() : OtherName()).IsMatch(name);

    /// <summary>
    /// Checks <paramref name="input"/> (JSON values from the API, or typed values from the form) against the schema.
    /// </summary>
    /// <param name="current">The values the server has now, for rules between fields (start memory within max memory).</param>
    /// <param name="planMemoryMb">The plan's memory: no memory setting may ask for more.</param>
    public static SettingsValidation Validate(
        string game, IReadOnlyList<SettingField> schema, IReadOnlyDictionary<string, object?> input, IReadOnlyDictionary<string, object?> current, int planMemoryMb)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, raw) in input)
        {
            var field = schema.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                errors[name] = [$"This game has no setting \"{name}\"."];
            }
            else if (Parse(game, field, Unwrap(raw), planMemoryMb) is { Error: { } error })
            {
                errors[name] = [error];
            }
            else
            {
                values[name] = Parse(game, field, Unwrap(raw), planMemoryMb).Value;
            }
        }

        if (schema.Any(f => f.Name == "memoryMinMb") && !errors.ContainsKey("memoryMinMb") && !errors.ContainsKey("memoryMaxMb"))
        {
            var min = values.TryGetValue("memoryMinMb", out var m) ? m : current.GetValueOrDefault("memoryMinMb");
            var max = values.TryGetValue("memoryMaxMb", out var x) ? x : current.GetValueOrDefault("memoryMaxMb");
            if (min is int start && start > (max as int? ?? planMemoryMb))
            {
                errors["memoryMinMb"] = [$"Start memory cannot be more than max memory ({max as int? ?? planMemoryMb} MB)."];
            }
        }

        return new SettingsValidation(values, errors);
    }

    /// <summary>The values an agent holds (<c>GET /config</c>), typed; a value it does not hold is the field's default.</summary>
    public static Dictionary<string, object?> Read(IReadOnlyList<SettingField> schema, JsonElement agentSettings)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in schema)
        {
            var path = field.AgentKey.Split('.', 2);
            var value = default(JsonElement);
            var found = agentSettings.ValueKind == JsonValueKind.Object && agentSettings.TryGetProperty(path[0], out value)
                && (path.Length == 1 || (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(path[1], out value)));
            values[field.Name] = found && Parse("", field, value, int.MaxValue) is { Error: null } parsed ? parsed.Value : field.Default;
            if (field.Secret)
            {
                values[field.Name] = null;
            }
        }

        return values;
    }

    /// <summary>The <c>POST /config</c> body that sends <paramref name="changes"/> (and nothing else) to the agent.</summary>
    public static Dictionary<string, object?> ToAgentBody(IReadOnlyList<SettingField> schema, IReadOnlyDictionary<string, object?> changes)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            var path = schema.First(f => f.Name == name).AgentKey.Split('.', 2);
            if (path.Length == 1)
            {
                body[path[0]] = value;
                continue;
            }

            if (body.GetValueOrDefault(path[0]) is not Dictionary<string, object?> nested)
            {
                body[path[0]] = nested = new Dictionary<string, object?>(StringComparer.Ordinal);
            }

            nested[path[1]] = value;
        }

        return body;
    }

    /// <summary>Whether two values of a field are the same setting (lists compare by their names, in order).</summary>
    public static bool Same(object? a, object? b) => (a, b) switch
    {
        (IEnumerable<string> x, IEnumerable<string> y) => x.SequenceEqual(y, StringComparer.Ordinal),
        _ => Equals(a, b),
    };

    private static object? Unwrap(object? raw) => raw is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? null : raw;

    private static (object? Value, string? Error) Parse(string game, SettingField field, object? raw, int planMemoryMb)
    {
        switch (field.Type)
        {
            case SettingType.Text:
                var text = raw switch
                {
                    null => null,
                    string s => s,
                    JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                    _ => (object?)false,
                };
                if (text is false)
                {
                    return (null, "Must be text.");
                }

                var value = ((string?)text)?.Trim();
                if (string.IsNullOrEmpty(value))
                {
                    return field.Secret || field.Default is null ? (null, null) : (null, "Must not be empty.");
                }

                if (value.Length > field.MaxLength)
                {
                    return (null, $"At most {field.MaxLength} characters.");
                }

                return value.Any(char.IsControl) ? (null, "Must be one line of text without control characters.") : (value, null);

            case SettingType.Toggle:
                return raw switch
                {
                    bool b => (b, null),
                    JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } e => (e.GetBoolean(), null),
                    JsonElement { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var b) => (b, null),
                    _ => (null, "Must be true or false."),
                };

            case SettingType.Choice:
                var choice = raw switch
                {
                    string s => s,
                    JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                    _ => null,
                };
                return choice is not null && field.Options.Contains(choice)
                    ? (choice, null)
                    : (null, $"Must be one of {string.Join(", ", field.Options)}.");

            case SettingType.Number or SettingType.Memory:
                if (raw is null && field.Type == SettingType.Memory)
                {
                    return (null, null);
                }

                int? number = raw switch
                {
                    int n => n,
                    JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var n) => n,
                    JsonElement { ValueKind: JsonValueKind.String } e when int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                    _ => null,
                };
                var max = field.Type == SettingType.Memory ? planMemoryMb : field.Max ?? int.MaxValue;
                if (number is null)
                {
                    return (null, "Must be a whole number.");
                }

                if (number < (field.Min ?? int.MinValue) || number > max)
                {
                    return (null, field.Type == SettingType.Memory
                        ? $"Must be from {field.Min} MB up to your plan's {planMemoryMb} MB."
                        : $"Must be from {field.Min} to {field.Max}.");
                }

                return (number, null);

            case SettingType.Names:
                List<string>? names = raw switch
                {
                    IEnumerable<string> list => list.ToList(),
                    JsonElement { ValueKind: JsonValueKind.Array } e when e.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String) =>
                        e.EnumerateArray().Select(n => n.GetString()!).ToList(),
                    _ => null,
                };
                if (names is null)
                {
                    return (null, "Must be a list of player names.");
                }

                names = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (names.Count > MaxNames)
                {
                    return (null, $"At most {MaxNames} names.");
                }

                var invalid = game.Length == 0 ? null : names.FirstOrDefault(n => !IsPlayerName(game, n));
                return invalid is null
                    ? (names, null)
                    : (null, $"\"{Shorten(invalid)}\" is not a player name: 3 to 16 letters, digits or underscores.");

            default:
                return (null, "Unknown setting type.");
        }
    }

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;

    [GeneratedRegex("^[A-Za-z0-9_]{3,16}$")]
    private static partial Regex MinecraftName();

    [GeneratedRegex("^[A-Za-z0-9_]{1,20}$")]
    private static partial Regex OtherName();
}
