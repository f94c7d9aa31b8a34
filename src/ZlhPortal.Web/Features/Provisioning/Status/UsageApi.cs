using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary><c>GET /api/v1/servers/{id}/metrics?timeframe=hour|day|week</c>: an API token's own server's usage (another tenant's id is a 404).</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder endpoints)
    {
        var servers = endpoints.MapApiGroup("/servers").WithTags("Servers").RequireAuthorization(Policies.ApiCustomer);

        servers.MapGet("/{id:int}/metrics", async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> (
            int id, string? timeframe, HttpContext http, UsageHistory usage, CancellationToken ct) =>
        {
            if (UsageHistory.ParseTimeframe(timeframe ?? "hour") is not { } parsed)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid timeframe",
                    detail: $"\"timeframe\" must be one of {string.Join(", ", UsageHistory.TimeframeNames)}.");
            }

            var series = await usage.ReadAsync(id, http.Grant().OwnerId, parsed, ct);
            return series.State switch
            {
                UsageSeriesState.NotFound => TypedResults.Problem(statusCode: 404, title: "Server not found", detail: series.Reason),
                UsageSeriesState.Unavailable => TypedResults.Problem(statusCode: 503, title: "Metrics unavailable", detail: series.Reason),
                _ => TypedResults.Ok(UsageResponse.From(series)),
            };
        }).RequireServerPermission(ServerPermissions.None);

        return endpoints;
    }
}
