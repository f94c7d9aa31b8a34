using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>
/// Who may open which console: the owner, or Support/Admin (with two-factor authentication) giving a reason.
/// Checked when a ticket is issued and again when the socket connects, since access may have changed in between.
/// </summary>
public sealed class ConsoleAccess(ServerDirectory servers, ConsoleTickets tickets, UserManager<ApplicationUser> users)
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
        var refusal = Check(target, userId, staff, Normalize(reason));
        return refusal == ConsoleRefusal.None
            ? new ConsoleTicketResult(await tickets.MintAsync(userId, serverId, target!.OwnerId == userId ? null : Normalize(reason), readOnly, ct: ct), ConsoleRefusal.None, "")
            : ConsoleTicketResult.Refused(refusal);
    }

    /// <summary>The server to connect to for a redeemed ticket, or why not (re-checked against the current state and roles).</summary>
    public async Task<(AgentTarget? Target, ConsoleRefusal Refusal)> AuthorizeConnectAsync(ConsoleTicket ticket, CancellationToken ct = default)
    {
        var target = await servers.FindAgentTargetAsync(ticket.ServerId, ct);
        var staff = false;
        if (target is not null && target.OwnerId != ticket.UserId && ticket.Reason is not null
            && await users.FindByIdAsync(ticket.UserId) is { TwoFactorEnabled: true } user)
        {
            staff = await users.IsInRoleAsync(user, Roles.Support) || await users.IsInRoleAsync(user, Roles.Admin);
        }

        var refusal = Check(target, ticket.UserId, staff, ticket.Reason);
        return (refusal == ConsoleRefusal.None ? target : null, refusal);
    }

    /// <summary>An IDE ticket: the owner's own dev server only (support works through the console, which is audited).</summary>
    public async Task<ConsoleTicketResult> IssueIdeAsync(ClaimsPrincipal user, int serverId, CancellationToken ct = default)
    {
        var userId = user.UserId();
        if (userId is null)
        {
            return ConsoleTicketResult.Refused(ConsoleRefusal.NotFound);
        }

        var target = await servers.FindAgentTargetAsync(serverId, ct);
        var refusal = CheckIde(target, userId);
        return refusal == ConsoleRefusal.None
            ? new ConsoleTicketResult(await tickets.MintAsync(userId, serverId, null, readOnly: false, TicketPurpose.Ide, ct), ConsoleRefusal.None, "")
            : ConsoleTicketResult.Refused(refusal);
    }

    /// <summary>The dev server whose IDE a redeemed IDE ticket opens, or why not (re-checked against the current state).</summary>
    public async Task<(AgentTarget? Target, ConsoleRefusal Refusal)> AuthorizeIdeAsync(ConsoleTicket ticket, CancellationToken ct = default)
    {
        var target = await servers.FindAgentTargetAsync(ticket.ServerId, ct);
        var refusal = ticket.Purpose == TicketPurpose.Ide ? CheckIde(target, ticket.UserId) : ConsoleRefusal.NotFound;
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

        var server = await servers.FindAsync(ticket.ServerId, ticket.UserId, ct);
        return server is null ? (null, ConsoleRefusal.NotFound) : (server, ConsoleRefusal.None);
    }

    private static ConsoleRefusal CheckIde(AgentTarget? target, string userId)
    {
        var refusal = Check(target, userId, staff: false, reason: null);
        return refusal == ConsoleRefusal.None && !target!.HasIde ? ConsoleRefusal.NoIde : refusal;
    }

    private static ConsoleRefusal Check(AgentTarget? target, string userId, bool staff, string? reason)
    {
        if (target is null || target.Status is ServerStatus.Deleted or ServerStatus.Deleting)
        {
            return ConsoleRefusal.NotFound;
        }

        if (target.OwnerId != userId)
        {
            if (!staff)
            {
                return ConsoleRefusal.NotFound;
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
