using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary><c>/api/v1/servers/{id}/backups</c>: the owner's backups of a server (another tenant's server is a 404).</summary>
public static class BackupsApi
{
    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder endpoints)
    {
        var backups = endpoints.MapApiGroup("/servers/{id:int}/backups").WithTags("Backups").RequireAuthorization(Policies.ApiCustomer);

        backups.MapGet("/", async Task<Results<Ok<BackupListResponse>, ProblemHttpResult>> (int id, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
            await service.ListAsync(id, user.UserId() ?? "", ct) is { } list
                ? TypedResults.Ok(new BackupListResponse(list.Slots, list.Used, list.Backups.Select(BackupResponse.From).ToList()))
                : ServersApi.NotFound(id));

        backups.MapGet("/{backupId:int}", async Task<Results<Ok<BackupResponse>, ProblemHttpResult>> (
            int id, int backupId, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
            await service.FindAsync(id, backupId, user.UserId() ?? "", ct) is { } backup
                ? TypedResults.Ok(BackupResponse.From(backup))
                : ServersApi.Problem(new ServerRequestResult(ServerRequestOutcome.NotFound, $"Server {id} has no backup with id {backupId}.")));

        backups.MapPost("/", async Task<Results<Accepted<BackupResponse>, ProblemHttpResult>> (
            int id, CreateBackupRequest? request, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
        {
            var owner = user.UserId() ?? "";
            var result = await service.CreateAsync(id, owner, request?.Name, request?.Notes, request?.Locked ?? false, ct: ct);
            if (!result.Accepted || await service.FindAsync(id, result.BackupId!.Value, owner, ct) is not { } backup)
            {
                return ServersApi.Problem(result.Request);
            }

            return TypedResults.Accepted($"/api/v1/servers/{id}/backups/{backup.Id}", BackupResponse.From(backup));
        });

        backups.MapPost("/{backupId:int}/restore", (int id, int backupId, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, service, ct, (owner, c) => service.RestoreAsync(id, backupId, owner, c)));

        backups.MapPost("/{backupId:int}/lock", (int id, int backupId, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, service, ct, (owner, c) => service.SetLockedAsync(id, backupId, owner, true, c)));

        backups.MapPost("/{backupId:int}/unlock", (int id, int backupId, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, service, ct, (owner, c) => service.SetLockedAsync(id, backupId, owner, false, c)));

        backups.MapDelete("/{backupId:int}", (int id, int backupId, ClaimsPrincipal user, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, service, ct, (owner, c) => service.DeleteAsync(id, backupId, owner, c)));

        return endpoints;
    }

    /// <summary>202 with the backup as it is after the request (a deleted one may already be gone: then just its id).</summary>
    private static async Task<Results<Accepted<BackupResponse>, Accepted, ProblemHttpResult>> RespondAsync(
        int id, int backupId, ClaimsPrincipal user, ServerBackups service, CancellationToken ct, Func<string, CancellationToken, Task<ServerRequestResult>> request)
    {
        var owner = user.UserId() ?? "";
        var result = await request(owner, ct);
        if (!result.Accepted)
        {
            return ServersApi.Problem(result);
        }

        return await service.FindAsync(id, backupId, owner, ct) is { } backup
            ? TypedResults.Accepted($"/api/v1/servers/{id}/backups/{backupId}", BackupResponse.From(backup))
            : TypedResults.Accepted((string?)null);
    }
}
