using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary><c>/api/v1/servers/{id}/backups</c>: the owner's backups of a server (another tenant's server is a 404).</summary>
public static class BackupsApi
{
    public static IEndpointRouteBuilder MapBackups(this IEndpointRouteBuilder endpoints)
    {
        var backups = endpoints.MapApiGroup("/servers/{id:int}/backups").WithTags("Backups").RequireAuthorization(Policies.ApiCustomer);

        backups.MapGet("/", async Task<Results<Ok<BackupListResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Backups, ct);
            if (grant is null)
            {
                return problem!;
            }

            return await service.ListAsync(id, grant.OwnerId, ct) is { } list
                ? TypedResults.Ok(new BackupListResponse(list.Slots, list.Used, list.Backups.Select(BackupResponse.From).ToList()))
                : ServersApi.NotFound(id);
        });

        backups.MapGet("/{backupId:int}", async Task<Results<Ok<BackupResponse>, ProblemHttpResult>> (
            int id, int backupId, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Backups, ct);
            if (grant is null)
            {
                return problem!;
            }

            return await service.FindAsync(id, backupId, grant.OwnerId, ct) is { } backup
                ? TypedResults.Ok(BackupResponse.From(backup))
                : ServersApi.Problem(new ServerRequestResult(ServerRequestOutcome.NotFound, $"Server {id} has no backup with id {backupId}."));
        });

        backups.MapPost("/", async Task<Results<Accepted<BackupResponse>, ProblemHttpResult>> (
            int id, CreateBackupRequest? request, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
        {
            var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Backups, ct);
            if (grant is null)
            {
                return problem!;
            }

            var result = await service.CreateAsync(id, grant.OwnerId, request?.Name, request?.Notes, request?.Locked ?? false, ct: ct, actor: grant.Actor);
            if (!result.Accepted || await service.FindAsync(id, result.BackupId!.Value, grant.OwnerId, ct) is not { } backup)
            {
                return ServersApi.Problem(result.Request);
            }

            return TypedResults.Accepted($"/api/v1/servers/{id}/backups/{backup.Id}", BackupResponse.From(backup));
        });

        backups.MapPost("/{backupId:int}/restore", (int id, int backupId, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, access, service, ct, (grant, c) => service.RestoreAsync(id, backupId, grant.OwnerId, c, grant.Actor)));

        backups.MapPost("/{backupId:int}/lock", (int id, int backupId, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, access, service, ct, (grant, c) => service.SetLockedAsync(id, backupId, grant.OwnerId, true, c)));

        backups.MapPost("/{backupId:int}/unlock", (int id, int backupId, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, access, service, ct, (grant, c) => service.SetLockedAsync(id, backupId, grant.OwnerId, false, c)));

        backups.MapDelete("/{backupId:int}", (int id, int backupId, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct) =>
            RespondAsync(id, backupId, user, access, service, ct, (grant, c) => service.DeleteAsync(id, backupId, grant.OwnerId, c)));

        return endpoints;
    }

    /// <summary>202 with the backup as it is after the request (a deleted one may already be gone: then just its id).</summary>
    private static async Task<Results<Accepted<BackupResponse>, Accepted, ProblemHttpResult>> RespondAsync(
        int id, int backupId, ClaimsPrincipal user, ServerAccess access, ServerBackups service, CancellationToken ct,
        Func<ServerGrant, CancellationToken, Task<ServerRequestResult>> request)
    {
        var (grant, problem) = await access.RequireAsync(id, user, ServerPermissions.Backups, ct);
        if (grant is null)
        {
            return problem!;
        }

        var result = await request(grant, ct);
        if (!result.Accepted)
        {
            return ServersApi.Problem(result);
        }

        return await service.FindAsync(id, backupId, grant.OwnerId, ct) is { } backup
            ? TypedResults.Accepted($"/api/v1/servers/{id}/backups/{backupId}", BackupResponse.From(backup))
            : TypedResults.Accepted((string?)null);
    }
}
