using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers;

public sealed record StepResponse(string Name, string State, DateTimeOffset? Started, DateTimeOffset? Finished, string? Message);

public sealed record ServerResponse(
    int Id, string Name, string Kind, string Status, string? Operation, string Plan, string Template, string? Node, int? Vmid,
    string? Address, string? Hostname, string? FailureReason, bool Complimentary, DateTimeOffset CreatedAt, IReadOnlyList<StepResponse> Steps)
{
    public static ServerResponse From(ServerView s) => new(
        s.Id, s.Name, s.Kind.ToString(), s.Status.ToString(), s.Operation == ServerOperation.None ? null : s.Operation.ToString(),
        s.PlanSlug, s.TemplateSlug, s.Node, s.Vmid, s.Address, s.Hostname, s.FailureReason, s.Complimentary, s.CreatedAt,
        s.Steps.Select(x => new StepResponse(x.Step.ToString(), x.State.ToString(), x.StartedAt, x.FinishedAt, x.Message)).ToList());
}

public sealed record AdminServerResponse(ServerResponse Server, string OwnerEmail, string? FailureDetail);

/// <summary><c>/api/v1/servers</c> (own servers; another tenant's id is a 404) and <c>/api/v1/admin/servers</c>.</summary>
public static class ServersApi
{
    public static IEndpointRouteBuilder MapServersApi(this IEndpointRouteBuilder endpoints)
    {
        var servers = endpoints.MapApiGroup("/servers").WithTags("Servers").RequireAuthorization(Policies.ApiCustomer);

        servers.MapGet("/", async (ClaimsPrincipal user, ServerDirectory directory, CancellationToken ct) =>
            TypedResults.Ok((await directory.ListForOwnerAsync(UserId(user), ct)).Select(ServerResponse.From)));

        servers.MapGet("/{id:int}", async Task<Results<Ok<ServerResponse>, ProblemHttpResult>> (int id, ClaimsPrincipal user, ServerDirectory directory, CancellationToken ct) =>
            await directory.FindAsync(id, UserId(user), ct) is { } server
                ? TypedResults.Ok(ServerResponse.From(server))
                : NotFound(id));

        var admin = endpoints.MapApiGroup("/admin/servers").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin);

        admin.MapGet("/", async (ServerDirectory directory, string? status, string? node, string? owner, int? page, int? pageSize, CancellationToken ct) =>
        {
            ServerStatus? parsed = Enum.TryParse<ServerStatus>(status, ignoreCase: true, out var s) ? s : null;
            var (rows, total) = await directory.ListAllAsync(new ServerFilter(parsed, node, owner), page ?? 0, pageSize ?? 50, ct);
            return TypedResults.Ok(new { total, items = rows.Select(r => new AdminServerResponse(ServerResponse.From(r), r.OwnerEmail ?? "", r.FailureDetail)) });
        });

        return endpoints;
    }

    public static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: 404, title: "Server not found", detail: $"You have no server with id {id}.");
}
