using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Nodes;

/// <summary><c>/api/v1/admin/nodes</c> (drain a node) and <c>POST /api/v1/admin/servers/{id}/migrate</c> (move a stopped server).</summary>
public static class NodesApi
{
    public static IEndpointRouteBuilder MapNodesApi(this IEndpointRouteBuilder endpoints)
    {
        var nodes = endpoints.MapApiGroup("/admin/nodes").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin);

        nodes.MapGet("/", async (NodeMaintenance maintenance, CancellationToken ct) =>
            TypedResults.Ok((await maintenance.ListAsync(ct)).Select(NodeResponse.From)));

        nodes.MapPut("/{name}", async Task<Results<Ok<NodeResponse>, ProblemHttpResult>> (
            string name, DrainNodeRequest request, ClaimsPrincipal user, NodeMaintenance maintenance, CancellationToken ct) =>
        {
            if (request.Draining is not { } draining)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "\"draining\" must be true or false.");
            }

            var result = await maintenance.SetDrainingAsync(name, draining, request.Reason, user.Identity?.Name ?? "an admin", ct);
            if (!result.Accepted)
            {
                return result.Outcome == ServerRequestOutcome.NotFound
                    ? TypedResults.Problem(statusCode: 404, title: "Node not found", detail: result.Message)
                    : ServersApi.Problem(result);
            }

            var node = (await maintenance.ListAsync(ct)).First(n => n.Name == name.Trim());
            return TypedResults.Ok(NodeResponse.From(node));
        });

        endpoints.MapApiGroup("/admin/servers").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin)
            .MapPost("/{id:int}/migrate", async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> (
                int id, MigrateServerRequest request, ClaimsPrincipal user, ServerMoves moves, ServerDirectory directory, CancellationToken ct) =>
            {
                var result = await moves.MigrateAsync(id, request.Target, user.Identity?.Name ?? "an admin", ct);
                if (!result.Accepted)
                {
                    return ServersApi.Problem(result);
                }

                return await directory.FindAsync(id, null, ct) is { } server
                    ? TypedResults.Accepted($"/api/v1/servers/{id}", ServerResponse.From(server))
                    : ServersApi.Problem(ServerRequestResult.NotFound(id));
            });

        return endpoints;
    }
}
