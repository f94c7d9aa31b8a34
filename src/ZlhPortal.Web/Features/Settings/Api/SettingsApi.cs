using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary>
/// <c>/api/v1/servers/{id}/settings</c> and <c>/players</c>: a server's game settings (read and change, validated against
/// <see cref="SettingsSchema"/>) and its players (list, kick, ban, whitelist).
/// </summary>
public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder endpoints)
    {
        var server = endpoints.MapApiGroup("/servers/{id:int}").WithTags("Settings").RequireAuthorization(Policies.ApiCustomer);

        server.MapGet("/settings", async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerSettings settings, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Settings, ct);
            if (problem is not null)
            {
                return problem;
            }

            return await settings.GetAsync(grant!, ct) is { } view ? TypedResults.Ok(SettingsResponse.From(view)) : ServersApi.NotFound(id);
        });

        server.MapPut("/settings", async Task<Results<Ok<SettingsChangeResponse>, ValidationProblem, ProblemHttpResult>> (
            int id, JsonElement body, ClaimsPrincipal user, ServerAccess access, ServerSettings settings, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Settings, ct);
            if (problem is not null)
            {
                return problem;
            }

            if (body.ValueKind != JsonValueKind.Object)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "The body must be a JSON object of the settings to change.");
            }

            var input = body.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
            var result = await settings.ChangeAsync(grant!, input, ct);
            return result switch
            {
                { Accepted: true } => TypedResults.Ok(new SettingsChangeResponse(result.Changed, result.RestartRequired)),
                { Errors: { } errors } => TypedResults.ValidationProblem(errors.ToDictionary(), detail: result.Message, title: "Invalid settings"),
                _ => ServersApi.Problem(new ServerRequestResult(result.Outcome, result.Message)),
            };
        });

        server.MapPost("/version", async Task<Results<Accepted<VersionChangeResponse>, ProblemHttpResult>> (
            int id, VersionChangeRequest? request, ClaimsPrincipal user, ServerAccess access, ServerVersions versions, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Settings, ct);
            if (problem is not null)
            {
                return problem;
            }

            var result = await versions.ChangeAsync(grant!, request?.Version, ct);
            return result.Accepted
                ? TypedResults.Accepted($"/api/v1/servers/{id}", new VersionChangeResponse(request!.Version!.Trim(), result.Message))
                : ServersApi.Problem(result);
        });

        server.MapGet("/players", async Task<Results<Ok<PlayersResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerSettings settings, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Console, ct);
            if (problem is not null)
            {
                return problem;
            }

            return await settings.PlayersAsync(grant!, ct) is { } players
                ? TypedResults.Ok(new PlayersResponse(players.Online, players.Max, players.Names.Select(n => new PlayerResponse(n)).ToList()))
                : ServersApi.Problem(ServerRequestResult.Conflict("Players are listed while the server is running."));
        });

        foreach (var action in Enum.GetValues<PlayerAction>())
        {
            var verb = action.ToString().ToLowerInvariant();
            server.MapPost($"/players/{{name}}/{verb}", async Task<Results<Accepted<PlayerActionResponse>, ProblemHttpResult>> (
                int id, string name, ClaimsPrincipal user, ServerAccess access, ServerSettings settings, CancellationToken ct) =>
            {
                var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Console, ct);
                if (problem is not null)
                {
                    return problem;
                }

                var result = await settings.ActOnPlayerAsync(grant!, name, action, ct);
                return result.Accepted
                    ? TypedResults.Accepted((string?)null, new PlayerActionResponse(name, verb, result.Message))
                    : ServersApi.Problem(result);
            });
        }

        return endpoints;
    }
}
