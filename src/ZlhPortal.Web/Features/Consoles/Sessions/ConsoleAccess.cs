using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Who may open which console: the owner, someone the server is shared with and given its console (read-only when so
/// given), or Support/Admin (with two-factor authentication) giving a reason. Checked when a ticket is issued and again
/// when the socket connects, since access may have changed in between.
/// </summary>
public sealed class ConsoleAccess(ServerDirectory servers, ServerAccess access, ConsoleTickets tickets, UserManager<ApplicationUser> users)
{
    public async Task<ConsoleTicketResult> IssueAsync(ClaimsPrincipal user, int serverId, string? reason, bool readOnly, CancellationToken ct = default)
    {
        var userId = user.UserId();
        if (userId is null)
        {
            return ConsoleTicketResult.Refused(ConsoleRefusal.NotFound);
        }

        var staff = (user.IsInRole(Roles.Support) || user.IsInRole(Roles.Admin)) && user.HasClaim(Policies.TwoFactorClaim, "true");
        var target = await servers.FindAgentTargetAsync(serverId, ct);
        var grant = await access.FindAsync(serverId, userId, ct);
        var refusal = Check(target, grant, staff, Normalize(reason));
        if (refusal != ConsoleRefusal.None)
        {
            return ConsoleTicketResult.Refused(refusal);
        }

        // Someone the server is shared with is never "support", whatever reason they give.
        var asStaff = grant is null || !grant.Allows(ServerPermissions.Console);
        readOnly |= !asStaff && grant!.ReadOnlyConsole;
        return new ConsoleTicketResult(await tickets.MintAsync(userId, serverId, asStaff ? Normalize(reason) : null, readOnly, ct: ct), ConsoleRefusal.None, "");
    }

    /// <summary>The server to connect to for a redeemed ticket, or why not (re-checked against the current state, shares and roles).</summary>
    public async Task<(AgentTarget? Target, ConsoleRefusal Refusal)> AuthorizeConnectAsync(ConsoleTicket ticket, CancellationToken ct = default)
    {
        var target = await servers.FindAgentTargetAsync(ticket.ServerId, ct);
        var grant = ticket.Reason is null ? await access.FindAsync(ticket.ServerId, ticket.UserId, ct) : null;
        var staff = false;
        if (target is not null && target.OwnerId != ticket.UserId && ticket.Reason is not null
            && await users.FindByIdAsync(ticket.UserId) is { TwoFactorEnabled: true } user)
        {
            staff = await users.IsInRoleAsync(user, Roles.Support) || await users.IsInRoleAsync(user, Roles.Admin);
        }

        var refusal = Check(target, grant, staff, ticket.Reason);
        if (refusal == ConsoleRefusal.None && grant is { ReadOnlyConsole: true } && !ticket.ReadOnly)
        {
            // Made read-only since the ticket was issued.
            refusal = ConsoleRefusal.NotPermitted;
        }

        return (refusal == ConsoleRefusal.None ? target : null, refusal);
    }

    /// <summary>
    /// An IDE ticket: a dev server of the user's own, or one shared with them with its console (not read-only) and files
    /// (support works through the console, which is audited).
    /// </summary>
    public async Task<ConsoleTicketResult> IssueIdeAsync(ClaimsPrincipal user, int serverId, CancellationToken ct = default)
    {
        var userId = user.UserId();
        if (userId is null)
        {
            return ConsoleTicketResult.Refused(ConsoleRefusal.NotFound);
        }

        var target = await servers.FindAgentTargetAsync(serverId, ct);
        var refusal = CheckIde(target, await access.FindAsync(serverId, userId, ct));
        return refusal == ConsoleRefusal.None
            ? new ConsoleTicketResult(await tickets.MintAsync(userId, serverId, null, readOnly: false, TicketPurpose.Ide, ct), ConsoleRefusal.None, "")
            : ConsoleTicketResult.Refused(refusal);
    }

    /// <summary>The dev server whose IDE a redeemed IDE ticket opens, or why not (re-checked against the current state).</summary>
    public async Task<(AgentTarget? Target, ConsoleRefusal Refusal)> AuthorizeIdeAsync(ConsoleTicket ticket, CancellationToken ct = default)
    {
        var target = await servers.FindAgentTargetAsync(ticket.ServerId, ct);
        var refusal = ticket.Purpose == TicketPurpose.Ide ? CheckIde(target, await access.FindAsync(ticket.ServerId, ticket.UserId, ct)) : ConsoleRefusal.NotFound;
        return (refusal == ConsoleRefusal.None ? target : null, refusal);
    }

    /// <summary>
    /// The dev server an IDE ticket would open and whose it is (the ticket's user, its owner), shown before the ticket
    /// is used so a person opening someone else's link sees that it is not their own IDE; or why it would not open.
    /// </summary>
    public async Task<(ServerView? Server, ConsoleRefusal Refusal)> DescribeIdeAsync(ConsoleTicket ticket, CancellationToken ct = default)
    {
        var (target, refusal) = await AuthorizeIdeAsync(ticket, ct);
        if (target is null)
        {
            return (null, refusal);
        }

        var server = await servers.FindAsync(ticket.ServerId, target.OwnerId, ct);
        return server is null ? (null, ConsoleRefusal.NotFound) : (server, ConsoleRefusal.None);
    }

    private static ConsoleRefusal CheckIde(AgentTarget? target, ServerGrant? grant)
    {
        if (grant is not null && (!grant.Allows(ServerPermissions.Console | ServerPermissions.Files) || grant.ReadOnlyConsole))
        {
            return target is null ? ConsoleRefusal.NotFound : ConsoleRefusal.NotPermitted;
        }

        var refusal = Check(target, grant, staff: false, reason: null);
        return refusal == ConsoleRefusal.None && !target!.HasIde ? ConsoleRefusal.NoIde : refusal;
    }

    private static ConsoleRefusal Check(AgentTarget? target, ServerGrant? grant, bool staff, string? reason)
    {
        if (target is null || target.Status is ServerStatus.Deleted or ServerStatus.Deleting)
        {
            return ConsoleRefusal.NotFound;
        }

        if (grant is null || !grant.Allows(ServerPermissions.Console))
        {
            if (!staff)
            {
                return grant is null ? ConsoleRefusal.NotFound : ConsoleRefusal.NotPermitted;
            }

            if (reason is null)
            {
                return ConsoleRefusal.ReasonRequired;
            }
        }

        // A suspension or deletion in progress closes the console already: the status changes only when its job runs.
        if (target.Status == ServerStatus.Suspended || target.Operation is ServerOperation.Suspend or ServerOperation.Delete)
        {
            return ConsoleRefusal.Suspended;
        }

        return target.IpAddress is null ? ConsoleRefusal.NotRunning : ConsoleRefusal.None;
    }

    private static string? Normalize(string? reason)
    {
        var trimmed = reason?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null
            : trimmed.Length > ConsoleSession.ReasonMaxLength ? trimmed[..ConsoleSession.ReasonMaxLength] : trimmed;
    }
}
