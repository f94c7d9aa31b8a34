using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Servers.Staff;

/// <summary>
/// What support and admins do on a customer's server (the server page's staff view, the admin servers page and
/// <c>/api/v1/admin/servers/{id}/…</c>): each action needs a reason, which the server's history and the customer's
/// account activity carry together with the staff member's email.
/// </summary>
public sealed class StaffServerActions(ServerLifecycle lifecycle, ServerDirectory directory, ServerHistory timeline, ActivityLog activity, TimeProvider time)
{
    /// <summary>How long one staff member's look at a server counts as one visit: opening the page again within it records nothing.</summary>
    public static readonly TimeSpan VisitWindow = TimeSpan.FromMinutes(30);

    /// <summary>How far back the customer's server page lists staff visits.</summary>
    public static readonly TimeSpan RecentVisits = TimeSpan.FromHours(24);

    public static string? CheckReason(ref string? reason)
    {
        reason = reason?.Trim() ?? "";
        return reason.Length is 0 or > HostedServer.StaffReasonMaxLength
            ? $"Give a reason of 1 to {HostedServer.StaffReasonMaxLength} characters; the customer sees it."
            : null;
    }

    public async Task<ServerRequestResult> SuspendAsync(int serverId, string? reason, StaffMember staff, string? ipAddress, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return ServerRequestResult.Invalid(problem);
        }

        var result = await lifecycle.StaffSuspendAsync(serverId, reason!, staff.Actor, staff.Email, ct);
        await RecordAsync(result, serverId, AccountActivityKind.ServerSuspendedByStaff, name => $"\"{name}\" was suspended by {staff.Actor}: {reason}", staff, ipAddress, ct);
        return result;
    }

    public async Task<ServerRequestResult> UnsuspendAsync(int serverId, string? reason, StaffMember staff, string? ipAddress, CancellationToken ct = default)
    {
        if (CheckReason(ref reason) is { } problem)
        {
            return ServerRequestResult.Invalid(problem);
        }

        var result = await lifecycle.StaffUnsuspendAsync(serverId, reason!, staff.Actor, ct);
        await RecordAsync(result, serverId, AccountActivityKind.ServerUnsuspendedByStaff,
            name => $"{staff.Actor} lifted the staff suspension of \"{name}\": {reason}. {result.Message}", staff, ipAddress, ct);
        return result;
    }

    /// <summary>Start, stop or restart on the customer's behalf (a kill stays the customer's).</summary>
    public async Task<ServerRequestResult> PowerAsync(int serverId, PowerAction action, string? reason, StaffMember staff, string? ipAddress, CancellationToken ct = default)
    {
        if (action is not (PowerAction.Start or PowerAction.Stop or PowerAction.Restart))
        {
            return ServerRequestResult.Invalid("Staff may start, stop or restart a server.");
        }

        if (CheckReason(ref reason) is { } problem)
        {
            return ServerRequestResult.Invalid(problem);
        }

        var result = await lifecycle.PowerAsync(serverId, null, action, ct, staff.Actor, reason);
        await RecordAsync(result, serverId, AccountActivityKind.ServerPowerByStaff,
            name => $"{staff.Actor} asked for a {action.ToString().ToLowerInvariant()} of \"{name}\": {reason}", staff, ipAddress, ct);
        return result;
    }

    /// <summary>
    /// Notes that staff opened the server's page: once per staff member and server within <see cref="VisitWindow"/>,
    /// so reloading the page adds nothing.
    /// </summary>
    public async Task RecordOpenedAsync(int serverId, StaffMember staff, CancellationToken ct = default)
    {
        var window = time.GetUtcNow().ToUnixTimeSeconds() / (long)VisitWindow.TotalSeconds;
        if (await directory.FindAsync(serverId, null, ct) is not { } server
            || !await timeline.RecordAsync(serverId, HistoryKind.StaffAccess, staff.Actor, "Opened this server's page: viewing.", ct, onceKey: $"page:{staff.UserId}:{window}"))
        {
            return;
        }

        await activity.RecordAsync(server.OwnerId, AccountActivityKind.ServerOpenedByStaff, $"{staff.Actor} opened the page of \"{server.Name}\" (viewing).", null, ct,
            actorId: staff.UserId, serverId: serverId);
    }

    /// <summary>Staff access to the server in the last <see cref="RecentVisits"/>, newest first (its owner's page shows them).</summary>
    public async Task<IReadOnlyList<StaffVisit>> RecentVisitsAsync(int serverId, string ownerId, CancellationToken ct = default)
    {
        var since = time.GetUtcNow() - RecentVisits;
        var lines = await timeline.ListAsync(serverId, ownerId, HistoryKind.StaffAccess, limit: 10, ct: ct) ?? [];
        return lines.Where(l => l.At >= since).Select(l => new StaffVisit(l.At, l.Actor, l.Text)).ToList();
    }

    private async Task RecordAsync(ServerRequestResult result, int serverId, AccountActivityKind kind, Func<string, string> detail, StaffMember staff, string? ipAddress, CancellationToken ct)
    {
        if (result.Accepted && await directory.FindAsync(serverId, null, ct) is { } server)
        {
            await activity.RecordAsync(server.OwnerId, kind, detail(server.Name), ipAddress, ct, actorId: staff.UserId, serverId: serverId);
        }
    }
}
