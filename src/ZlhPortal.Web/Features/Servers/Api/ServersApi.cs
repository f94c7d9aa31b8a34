using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Features.Servers.Staff;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers.Api;

/// <summary><c>/api/v1/servers</c> (own servers; another tenant's id is a 404) and <c>/api/v1/admin/servers</c>.</summary>
public static class ServersApi
{
    public static IEndpointRouteBuilder MapServersApi(this IEndpointRouteBuilder endpoints)
    {
        var servers = endpoints.MapApiGroup("/servers").WithTags("Servers").RequireAuthorization(Policies.ApiCustomer);

        servers.MapGet("/", async (ClaimsPrincipal user, ServerDirectory directory, CancellationToken ct) =>
            TypedResults.Ok((await directory.ListForUserAsync(user.UserId() ?? "", ct)).Select(ServerResponse.From)));

        servers.MapGet("/{id:int}", async Task<Results<Ok<ServerResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerDirectory directory, CancellationToken ct) =>
            await access.FindAsync(id, user.UserId(), ct) is { } grant && await directory.FindAsync(grant, ct) is { } server
                ? TypedResults.Ok(ServerResponse.From(server))
                : NotFound(id));

        servers.MapPost("/{id:int}/power", async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> (
            int id, PowerRequest request, ClaimsPrincipal user, ServerAccess access, ServerLifecycle lifecycle, ServerDirectory directory, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Power, ct);
            if (grant is null)
            {
                return problem!;
            }

            if (!Enum.TryParse<PowerAction>(request.Action, ignoreCase: true, out var action) || !Enum.IsDefined(action) || int.TryParse(request.Action, out _))
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid power action", detail: "\"action\" must be one of start, stop, restart, kill.");
            }

            return await ToResponseAsync(await lifecycle.PowerAsync(id, grant.OwnerId, action, ct, grant.Actor), directory, ct, grant);
        });

        servers.MapPost("/{id:int}/reinstall", async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerLifecycle lifecycle, ServerDirectory directory, CancellationToken ct) =>
            await access.RequireOwnerAsync(id, user, "reinstall it", ct) is { } refused
                ? refused
                : await ToResponseAsync(await lifecycle.ReinstallAsync(id, user.UserId() ?? "", ct), directory, ct));

        servers.MapDelete("/{id:int}", async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerLifecycle lifecycle, ServerDirectory directory, CancellationToken ct) =>
            await access.RequireOwnerAsync(id, user, "delete it", ct) is { } refused
                ? refused
                : await ToResponseAsync(await lifecycle.DeleteAsync(id, user.UserId() ?? "", ct), directory, ct));

        var admin = endpoints.MapApiGroup("/admin/servers").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin);

        admin.MapPost("/", async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> (
            CreateServerRequest request, ClaimsPrincipal user, UserManager<ApplicationUser> users, ServerLifecycle lifecycle, ServerDirectory directory,
            ActivityLog activity, HttpContext context, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.OwnerEmail) || request.OwnerEmail.Length > 254 || await users.FindByEmailAsync(request.OwnerEmail.Trim()) is not { } owner)
            {
                return TypedResults.Problem(statusCode: 400, title: "Unknown customer", detail: "\"ownerEmail\" must be the email of an existing account.");
            }

            var result = await lifecycle.CreateAsync(owner.Id, request.Plan ?? "", request.Template ?? "", request.Name ?? "", complimentary: true, ct);
            if (result.Accepted)
            {
                var admin = user.Identity?.Name ?? "an admin";
                await activity.RecordAsync(owner.Id, AccountActivityKind.ServerCreatedByStaff,
                    $"Complimentary server \"{request.Name?.Trim()}\" (#{result.ServerId}) created for you by {admin}.", context.Connection.RemoteIpAddress?.ToString(), ct);
            }

            return await ToResponseAsync(result, directory, ct);
        });

        admin.MapPost("/{id:int}/transfer", async Task<Results<Ok<ServerResponse>, ProblemHttpResult>> (
            int id, TransferServerRequest request, ClaimsPrincipal user, ServerTransfers transfers, ServerDirectory directory, HttpContext context, CancellationToken ct) =>
        {
            var result = await transfers.TransferAsync(id, request.OwnerEmail, request.Reason, user.Identity?.Name ?? "an admin", context.Connection.RemoteIpAddress?.ToString(), ct);
            if (!result.Accepted)
            {
                return Problem(result);
            }

            // Deleted in the instant after the move: as gone as if it had been before.
            return await directory.FindAsync(id, null, ct) is { } server ? TypedResults.Ok(ServerResponse.From(server)) : Problem(ServerRequestResult.NotFound(id));
        });

        admin.MapPost("/{id:int}/suspend", (int id, StaffReasonRequest? request, ClaimsPrincipal user, StaffServerActions staff, ServerDirectory directory, HttpContext context, CancellationToken ct) =>
            StaffActionAsync(id, user, directory, context, ct, (member, ip) => staff.SuspendAsync(id, request?.Reason, member, ip, ct)));

        admin.MapPost("/{id:int}/unsuspend", (int id, StaffReasonRequest? request, ClaimsPrincipal user, StaffServerActions staff, ServerDirectory directory, HttpContext context, CancellationToken ct) =>
            StaffActionAsync(id, user, directory, context, ct, (member, ip) => staff.UnsuspendAsync(id, request?.Reason, member, ip, ct)));

        admin.MapGet("/", async Task<IResult> (ServerDirectory directory, string? status, string? node, string? owner, int? page, int? pageSize, CancellationToken ct) =>
        {
            ServerStatus? parsed = null;
            if (!string.IsNullOrEmpty(status))
            {
                if (!Enum.TryParse<ServerStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(status, out _))
                {
                    return TypedResults.Problem(statusCode: 400, title: "Invalid status filter", detail: $"\"status\" must be one of {string.Join(", ", Enum.GetNames<ServerStatus>())}.");
                }

                parsed = s;
            }

            var (rows, total) = await directory.ListAllAsync(new ServerFilter(parsed, node, owner), page ?? 0, pageSize ?? 50, ct);
            return TypedResults.Ok(new { total, items = rows.Select(r => new AdminServerResponse(ServerResponse.From(r), r.OwnerEmail ?? "", r.FailureDetail)) });
        });

        // Support may act on a server too (with a reason the customer sees); suspending stays with admins.
        var support = endpoints.MapApiGroup("/admin/servers").WithTags("Admin").RequireAuthorization(Policies.ApiSupport);

        support.MapPost("/{id:int}/power", (int id, StaffPowerRequest? request, ClaimsPrincipal user, StaffServerActions staff, ServerDirectory directory, HttpContext context, CancellationToken ct) =>
            !Enum.TryParse<PowerAction>(request?.Action, ignoreCase: true, out var action) || action is not (PowerAction.Start or PowerAction.Stop or PowerAction.Restart)
                || int.TryParse(request?.Action, out _)
                ? Task.FromResult<Results<Accepted<ServerResponse>, ProblemHttpResult>>(
                    TypedResults.Problem(statusCode: 400, title: "Invalid power action", detail: "\"action\" must be one of start, stop, restart."))
                : StaffActionAsync(id, user, directory, context, ct, (member, ip) => staff.PowerAsync(id, action, request!.Reason, member, ip, ct)));

        return endpoints;
    }

    private static async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> StaffActionAsync(int id, ClaimsPrincipal user, ServerDirectory directory, HttpContext context,
        CancellationToken ct, Func<StaffMember, string?, Task<ServerRequestResult>> act)
    {
        if (StaffMember.From(user) is not { } member)
        {
            return TypedResults.Problem(statusCode: 403, title: "Staff only", detail: "Only support staff and admins act on customers' servers.");
        }

        var result = await act(member, context.Connection.RemoteIpAddress?.ToString());
        if (result.Accepted && await directory.FindAsync(id, null, ct) is { } server)
        {
            return TypedResults.Accepted($"/api/v1/admin/servers/{id}", ServerResponse.From(server));
        }

        return Problem(result.Outcome == ServerRequestOutcome.NotFound ? new ServerRequestResult(ServerRequestOutcome.NotFound, $"There is no server with id {id}.") : result);
    }

    private static async Task<Results<Accepted<ServerResponse>, ProblemHttpResult>> ToResponseAsync(
        ServerRequestResult result, ServerDirectory directory, CancellationToken ct, ServerGrant? grant = null)
    {
        if (result.Accepted && await (grant is null ? directory.FindAsync(result.ServerId!.Value, null, ct) : directory.FindAsync(grant, ct)) is { } server)
        {
            return TypedResults.Accepted($"/api/v1/servers/{server.Id}", ServerResponse.From(server));
        }

        return Problem(result);
    }

    public static ProblemHttpResult Problem(ServerRequestResult result) => result.Outcome switch
    {
        ServerRequestOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "Server not found", detail: result.Message),
        ServerRequestOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: "Not possible right now", detail: result.Message),
        ServerRequestOutcome.Unavailable => TypedResults.Problem(statusCode: 503, title: "Platform unavailable", detail: result.Message),
        ServerRequestOutcome.Forbidden => TypedResults.Problem(statusCode: 403, title: "Not allowed on this server", detail: result.Message),
        _ => TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: result.Message),
    };

    public static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(statusCode: 404, title: "Server not found", detail: $"You have no server with id {id}.");
}
