using YamlDotNet.RepresentationModel;

namespace ZlhPortal.UnitTests.Deploy;

/// <summary>The files of deploy/ read as plain data: mappings as dictionaries, sequences as lists, scalars as strings.</summary>
internal static class DeployFiles
{
    public static readonly string Root = FindRoot();

    private static readonly Lazy<Dictionary<string, object?>> Compose = new(() => Yaml(PathOf("compose.yaml")));

    public static string PathOf(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static Dictionary<string, object?> Yaml(string file)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(file))
        {
            stream.Load(reader);
        }

        return (Dictionary<string, object?>)Plain(stream.Documents.Single().RootNode)!;
    }

    /// <summary>A top-level section of compose.yaml (<c>services</c>, <c>secrets</c>…).</summary>
    public static Dictionary<string, object?> Section(string name) => (Dictionary<string, object?>)Compose.Value[name]!;

    public static List<string> PortalServices() =>
        Section("services").Keys.Where(name => name.StartsWith("portal-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>A compose service's environment, written as a mapping or as a list of <c>KEY=value</c>.</summary>
    public static Dictionary<string, string?> Environment(string service) =>
        ((Dictionary<string, object?>)Section("services")[service]!).GetValueOrDefault("environment") switch
        {
            Dictionary<string, object?> mapping => mapping.ToDictionary(e => e.Key, e => (string?)e.Value),
            List<object?> list => list.Cast<string>().Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e.ElementAtOrDefault(1)),
            _ => [],
        };

    /// <summary>The list at <paramref name="keys"/> below <paramref name="mapping"/>.</summary>
    public static List<object?> List(Dictionary<string, object?> mapping, params string[] keys)
    {
        object? node = mapping;
        foreach (var key in keys)
        {
            node = node is Dictionary<string, object?> map && map.TryGetValue(key, out var next)
                ? next
                : throw new KeyNotFoundException($"No {string.Join('.', keys)} (stopped at {key}).");
        }

        return node as List<object?> ?? throw new InvalidDataException($"{string.Join('.', keys)} is not a list.");
    }

    private static object? Plain(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => Merged(mapping),
        _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType}."),
    };

    private static Dictionary<string, object?> Merged(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        // Merge keys (<<: *anchor) give the defaults and the mapping's own keys win, as compose reads them.
        foreach (var (_, source) in mapping.Children.Where(c => IsMergeKey(c.Key)))
        {
            foreach (var merged in source is YamlSequenceNode list ? list.Children : [source])
            {
                foreach (var (key, value) in Merged((YamlMappingNode)merged))
                {
                    result[key] = value;
                }
            }
        }

        foreach (var (key, value) in mapping.Children.Where(c => !IsMergeKey(c.Key)))
        {
            result[((YamlScalarNode)key).Value!] = Plain(value);
        }

        return result;
    }

    private static bool IsMergeKey(YamlNode key) => key is YamlScalarNode { Value: "<<" };

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ZlhPortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("ZlhPortal.sln not found above the test folder.");
    }
}
