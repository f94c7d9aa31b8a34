using System.Text.Json.Nodes;

namespace ZlhPortal.IntegrationTests.Features.Provisioning.Edge;

public sealed class TraefikSchemaTests
{
    // What the portal serves for one game server: a TCP entry point per public port, and UDP beside it for
    // games that need it. UDP routers have no rule: Traefik cannot match a datagram on anything.
    private static JsonNode Document() => JsonNode.Parse("""
        {
          "tcp": {
            "routers": {
              "port-50000": { "entryPoints": ["port-50000"], "rule": "HostSNI(`*`)", "service": "srv-12" }
            },
            "services": {
              "srv-12": { "loadBalancer": { "servers": [{ "address": "10.200.0.12:7777" }] } }
            }
          },
          "udp": {
            "routers": {
              "port-50001": { "entryPoints": ["port-50001"], "service": "srv-12-udp" }
            },
            "services": {
              "srv-12-udp": { "loadBalancer": { "servers": [{ "address": "10.200.0.12:7778" }] } }
            }
          }
        }
        """)!;

    [Fact]
    public void A_tcp_and_udp_route_to_one_server_is_valid()
    {
        Assert.Empty(TraefikSchema.Errors(Document()));
    }

    [Fact]
    public void An_empty_document_is_valid_because_the_schema_requires_no_section()
    {
        Assert.Empty(TraefikSchema.Errors(new JsonObject()));
    }

    [Fact]
    public void Entry_points_given_as_one_string_are_rejected()
    {
        var document = Document();
        document["tcp"]!["routers"]!["port-50000"]!["entryPoints"] = "port-50000";

        AssertRejectedAt(document, "/tcp/routers/port-50000/entryPoints");
    }

    [Fact]
    public void Servers_given_as_an_object_instead_of_a_list_are_rejected()
    {
        var document = Document();
        document["tcp"]!["services"]!["srv-12"]!["loadBalancer"]!["servers"] = new JsonObject { ["address"] = "10.200.0.12:7777" };

        AssertRejectedAt(document, "/tcp/services/srv-12/loadBalancer/servers");
    }

    [Fact]
    public void An_unknown_top_level_section_is_rejected()
    {
        var document = Document();
        document["edge"] = new JsonObject();

        AssertRejectedAt(document, "/edge");
    }

    [Fact]
    public void A_tcp_router_without_a_rule_is_rejected()
    {
        var document = Document();
        document["tcp"]!["routers"]!["port-50000"]!.AsObject().Remove("rule");

        AssertRejectedAt(document, "/tcp/routers/port-50000");
    }

    [Fact]
    public void A_udp_router_with_a_rule_is_rejected()
    {
        var document = Document();
        document["udp"]!["routers"]!["port-50001"]!["rule"] = "HostSNI(`*`)";

        AssertRejectedAt(document, "/udp/routers/port-50001/rule");
    }

    [Fact]
    public void A_service_with_no_servers_is_rejected()
    {
        var document = Document();
        document["tcp"]!["services"]!["srv-12"]!["loadBalancer"]!["servers"] = new JsonArray();

        AssertRejectedAt(document, "/tcp/services/srv-12/loadBalancer/servers");
    }

    private static void AssertRejectedAt(JsonNode document, string location)
    {
        var errors = TraefikSchema.Errors(document);
        Assert.True(errors.Any(error => error.StartsWith(location + ":", StringComparison.Ordinal)),
            $"Expected an error at {location}; got:\n{string.Join("\n", errors)}");
    }
}
