using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Staff moving a server to another customer (admin page and <c>POST /api/v1/admin/servers/{id}/transfer</c>): checks the
/// new owner and the reason, moves the server (<see cref="ServerLifecycle.TransferAsync"/>) and tells both customers why.
/// </summary>
public sealed class ServerTransfers(UserManager<ApplicationUser> users, ServerLifecycle lifecycle, ServerDirectory directory, ActivityLog activity)
{
    public const int ReasonMaxLength = 300;

    public async Task<ServerRequestResult> TransferAsync(int serverId, string? ownerEmail, string? reason, string actor, string? ipAddress, CancellationToken ct = default)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length is 0 or > ReasonMaxLength)
        {
            return ServerRequestResult.Invalid($"Say why the server changes hands (up to {ReasonMaxLength} characters); both customers see it.");
        }

        if (string.IsNullOrWhiteSpace(ownerEmail) || ownerEmail.Length > 254
            || await users.FindByEmailAsync(ownerEmail.Trim()) is not { } owner || !await users.IsInRoleAsync(owner, Roles.Customer))
        {
            return ServerRequestResult.Invalid("The new owner must be the email of an existing customer account.");
        }

        if (await directory.FindAsync(serverId, null, ct) is not { } server)
        {
            return ServerRequestResult.NotFound(serverId);
        }

        var result = await lifecycle.TransferAsync(serverId, server.OwnerId, owner.Id, ct);
        if (result.Accepted)
        {
            await activity.RecordAsync(server.OwnerId, AccountActivityKind.ServerTransferredByStaff,
                $"Server \"{server.Name}\" (#{serverId}) was moved to another account by {actor}: {reason}", ipAddress, ct);
            await activity.RecordAsync(owner.Id, AccountActivityKind.ServerTransferredByStaff,
                $"Server \"{server.Name}\" (#{serverId}) was moved to your account by {actor}: {reason}", ipAddress, ct);
        }

        return result;
    }
}
