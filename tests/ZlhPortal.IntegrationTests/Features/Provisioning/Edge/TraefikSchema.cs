using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Edge;

/// <summary>
/// Checks a dynamic configuration against Traefik v3's file-provider schema, which also describes what the
/// HTTP provider reads from <c>/edge/traefik</c>. Traefik rejects a malformed document only in its own log,
/// so the portal's tests hold the document to the published schema instead of to our reading of the docs.
/// The schema is SchemaStore's <c>src/schemas/json/traefik-v3-file-provider.json</c> (github.com/SchemaStore/schemastore,
/// commit 3b6446ad8a077bac56f4a4796c0b7fd88927fc8e, Apache-2.0), kept unchanged in <c>Schemas/</c>; its README says how to update it.
/// </summary>
public static class TraefikSchema
{
    // Built once: the schema is 80 KB and every edge test asks. A private registry keeps the schema's $id
    // out of the library's global one, where a second registration of the same URI would clash.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Provisioning", "Edge", "Schemas", "traefik-v3-file-provider.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>
    /// Every violation as "<c>instance location: message</c>", so a failing assertion names the offending
    /// field; empty when the document is valid.
    /// </summary>
    public static IReadOnlyList<string> Errors(JsonNode document)
    {
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        var results = Schema.Value.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<string>();
        Collect(results, errors);
        return errors.Distinct().ToList();
    }

    // The schema describes each service as oneOf loadBalancer/weighted, so a valid service still carries the
    // failed "weighted" branch. Only failing subtrees are walked, or every valid service would report an error.
    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        if (node.Errors is not null)
        {
            errors.AddRange(node.Errors.Values.Select(message => $"{Location(node)}: {message}"));
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, errors);
        }
    }

    private static string Location(EvaluationResults node)
    {
        var location = node.InstanceLocation.ToString();
        return location.Length == 0 ? "/" : location;
    }
}
