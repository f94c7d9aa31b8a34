using ZlhPortal.Simulator.State;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// How the agent keeps a server's settings: <c>POST /config</c> bodies are merged into what it holds (a later body only
/// names what changes), and the game's own files get the values it reads on start: Minecraft's <c>server.properties</c>,
/// <c>eula.txt</c>, <c>whitelist.json</c>, <c>ops.json</c>. <c>GET /config</c> answers with the same shape.
/// </summary>
internal static class AgentSettings
{
    public const string Properties = "server.properties";
    public const string Whitelist = "whitelist.json";
    public const string Ops = "ops.json";
    public const string Banned = "banned-players.json";

    /// <summary>Keys that change what is installed: a body with any of them installs the game again (files are kept).</summary>
    private static readonly HashSet<string> InstallKeys = ["game", "variant", "version", "runtime", "container_type", "reinstall", "vmid", "world", "ports"];

    /// <summary>Keys that live in the game's files rather than in the agent's settings.</summary>
    private static readonly HashSet<string> FileKeys = ["properties", "eula", "whitelist", "ops"];

    public static bool Installs(JsonObject body) => body.Any(p => InstallKeys.Contains(p.Key));

    /// <summary>The settings with <paramref name="body"/>'s non-file keys laid over them.</summary>
    public static string Merge(string? configJson, JsonObject body)
    {
        var merged = Parse(configJson);
        foreach (var (key, value) in body)
        {
            if (!FileKeys.Contains(key))
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged.ToJsonString();
    }

    /// <summary>Writes the body's file keys into the game's files (Minecraft only; other games keep theirs in the settings).</summary>
    public static void WriteFiles(Dictionary<string, SimFile> files, JsonObject body)
    {
        if (body["properties"] is JsonObject properties)
        {
            var current = ReadProperties(files);
            foreach (var (key, value) in properties)
            {
                current[key] = value switch
                {
                    JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
                    JsonValue v when v.TryGetValue<string>(out var s) => s.Replace("\n", " ", StringComparison.Ordinal),
                    null => "",
                    _ => value.ToJsonString(),
                };
            }

            Put(files, Properties, string.Concat(current.Select(p => $"{p.Key}={p.Value}\n")));
        }

        if (body["eula"] is JsonValue eula && eula.TryGetValue<bool>(out var accepted))
        {
            Put(files, "eula.txt", $"eula={(accepted ? "true" : "false")}\n");
        }

        foreach (var (key, file) in new[] { ("whitelist", Whitelist), ("ops", Ops) })
        {
            if (body[key] is JsonArray names)
            {
                WriteNames(files, file, names.Select(n => n?.GetValue<string>() ?? "").Where(n => n.Length > 0));
            }
        }
    }

    /// <summary>What <c>GET /config</c> answers: the settings held, the game's file values, and whether a restart is pending.</summary>
    public static JsonObject Describe(string? configJson, IReadOnlyDictionary<string, SimFile> files, bool restartRequired)
    {
        var described = Parse(configJson);
        if (files.ContainsKey(Properties))
        {
            var properties = new JsonObject();
            foreach (var (key, value) in ReadProperties(files))
            {
                properties[key] = value;
            }

            described["properties"] = properties;
            described["eula"] = TextOf(files, "eula.txt")?.Contains("eula=true", StringComparison.Ordinal) == true;
            described["whitelist"] = new JsonArray(Names(files, Whitelist).Select(n => (JsonNode?)n).ToArray());
            described["ops"] = new JsonArray(Names(files, Ops).Select(n => (JsonNode?)n).ToArray());
        }

        described["restartRequired"] = restartRequired;
        return described;
    }

    public static Dictionary<string, string> ReadProperties(IReadOnlyDictionary<string, SimFile> files)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (TextOf(files, Properties) ?? "").Split('\n'))
        {
            if (line.StartsWith('#') || line.IndexOf('=', StringComparison.Ordinal) is var at && at <= 0)
            {
                continue;
            }

            properties[line[..at].Trim()] = line[(at + 1)..].TrimEnd('\r');
        }

        return properties;
    }

    /// <summary>The player names in a Minecraft list file (<c>[{"name": …}]</c>).</summary>
    public static List<string> Names(IReadOnlyDictionary<string, SimFile> files, string file) => Names(TextOf(files, file));

    /// <summary>A file of the server directory as text (UTF-8), or null when there is none.</summary>
    public static string? TextOf(IReadOnlyDictionary<string, SimFile> files, string file) =>
        files.GetValueOrDefault(file) is { Content: { } content } ? Encoding.UTF8.GetString(content) : null;

    private static void Put(Dictionary<string, SimFile> files, string file, string text) => files[file] = SimFile.Text(text, DateTimeOffset.UtcNow);

    public static List<string> Names(string? content)
    {
        try
        {
            return JsonNode.Parse(content ?? "[]") is JsonArray entries
                ? entries.Select(e => e?["name"]?.GetValue<string>()).OfType<string>().ToList()
                : [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    public static void WriteNames(Dictionary<string, SimFile> files, string file, IEnumerable<string> names) => Put(files, file, NameList(names));

    public static string NameList(IEnumerable<string> names)
    {
        var entries = new StringBuilder("[");
        var first = true;
        foreach (var name in names.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            entries.Append(first ? "" : ",").Append(new JsonObject { ["name"] = name }.ToJsonString());
            first = false;
        }

        return entries.Append("]\n").ToString();
    }

    private static JsonObject Parse(string? json)
    {
        try
        {
            return json is not null && JsonNode.Parse(json) is JsonObject parsed ? parsed : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
