using System.Globalization;
using System.Net.Mail;
using System.Text.Encodings.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// The owner's side of sharing a server (invite by email, change what someone may do, take it back) and the invitee's
/// (accept the mailed link signed in with that address, or leave). Taking access back closes that person's consoles and
/// IDE on every instance at once.
/// </summary>
public sealed class ServerShares(
    IDbContextFactory<AppDbContext> dbFactory, ServerHistory history, ServerAccessRevocation revocation, EmailOutbox outbox, IOptions<PortalOptions> portal,
    TimeProvider time)
{
    /// <summary>The most people one server is shared with (invitations included).</summary>
    public const int MaxPerServer = 10;

    /// <summary>How long an invitation link works.</summary>
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public const string AcceptPath = "/shares/accept";

    /// <summary>Why someone's consoles close when the owner stops sharing the server with them.</summary>
    public const string Removed = "The owner no longer shares this server with you.";

    public async Task<IReadOnlyList<ShareView>?> ListAsync(int serverId, string ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await OwnsAsync(db, serverId, ownerId, ct))
        {
            return null;
        }

        var rows = await db.ServerShares.AsNoTracking().Where(s => s.ServerId == serverId)
            .Select(s => new ShareView(s.Id, s.Email, s.Permissions, s.ReadOnlyConsole, s.InvitedAt, s.ExpiresAt, s.AcceptedAt)).ToListAsync(ct);
        return rows.OrderBy(s => s.InvitedAt).ThenBy(s => s.Id).ToList();
    }

    public async Task<ShareRequestResult> InviteAsync(
        int serverId, string ownerId, string? email, ServerPermissions permissions, bool readOnlyConsole, CancellationToken ct = default)
    {
        var address = Normalize(email);
        if (address is null)
        {
            return new(ServerRequestResult.Invalid("Give the email address of the person to share the server with."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var server = await db.Servers.AsNoTracking().Where(s => s.Id == serverId && s.OwnerId == ownerId && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Deleting)
            .Select(s => new { s.Name, OwnerEmail = db.Users.Where(u => u.Id == s.OwnerId).Select(u => u.Email).FirstOrDefault() }).FirstOrDefaultAsync(ct);
        if (server is null)
        {
            return new(ServerRequestResult.NotFound(serverId));
        }

        if (string.Equals(server.OwnerEmail, address, StringComparison.OrdinalIgnoreCase))
        {
            return new(ServerRequestResult.Invalid("That is your own address: the server is already yours."));
        }

        if (await db.ServerShares.AnyAsync(s => s.ServerId == serverId && s.Email == address, ct))
        {
            return new(ServerRequestResult.Conflict($"The server is already shared with {address}. Change what they may do, or remove them and invite again."));
        }

        if (await db.ServerShares.CountAsync(s => s.ServerId == serverId, ct) >= MaxPerServer)
        {
            return new(ServerRequestResult.Conflict($"A server can be shared with at most {MaxPerServer} people. Remove someone first."));
        }

        var now = time.GetUtcNow();
        var token = BearerTokens.New();
        var share = new ServerShare
        {
            ServerId = serverId,
            Email = address,
            Permissions = permissions & ServerPermissions.All,
            ReadOnlyConsole = readOnlyConsole && (permissions & ServerPermissions.Console) != 0,
            TokenHash = BearerTokens.Hash(token),
            InvitedAt = now,
            ExpiresAt = now + InvitationLifetime,
        };
        db.ServerShares.Add(share);
        var mailKey = $"share-invite:{share.TokenHash}";
        await EmailOutbox.QueueAsync(db, mailKey, InvitationEmail(address, server.OwnerEmail ?? "The owner", server.Name, share, token), now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The same address invited twice at once: one row wins.
            return new(ServerRequestResult.Conflict($"The server is already shared with {address}. Change what they may do, or remove them and invite again."));
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsForeignKeyViolation(e))
        {
            return new(ServerRequestResult.NotFound(serverId));
        }

        // The invitee waits for this mail: sent now rather than with the outbox's next pass (which retries it if this fails).
        await outbox.TryDeliverAsync(mailKey, ct);
        await history.RecordAsync(serverId, HistoryKind.Sharing, server.OwnerEmail ?? "The owner",
            $"Invited {address} to share the server ({ShareNames.Describe(share.Permissions, share.ReadOnlyConsole)}).", ct);
        return new(new ServerRequestResult(ServerRequestOutcome.Accepted, $"Invitation sent to {address}.", serverId), share.Id);
    }

    /// <summary>Changes what someone may do; consoles they hold are closed when console access is taken away or made read-only.</summary>
    public async Task<ShareRequestResult> UpdateAsync(
        int serverId, int shareId, string ownerId, ServerPermissions permissions, bool readOnlyConsole, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await OwnsAsync(db, serverId, ownerId, ct) || await db.ServerShares.FirstOrDefaultAsync(s => s.Id == shareId && s.ServerId == serverId, ct) is not { } share)
        {
            return new(new ServerRequestResult(ServerRequestOutcome.NotFound, $"Server {serverId} is not shared with anyone under id {shareId}."));
        }

        var before = (share.Permissions, share.ReadOnlyConsole);
        share.Permissions = permissions & ServerPermissions.All;
        share.ReadOnlyConsole = readOnlyConsole && (share.Permissions & ServerPermissions.Console) != 0;
        await db.SaveChangesAsync(ct);
        if (before != (share.Permissions, share.ReadOnlyConsole))
        {
            await history.RecordAsync(serverId, HistoryKind.Sharing, await OwnerEmailAsync(db, ownerId, ct),
                $"{share.Email} may now use {ShareNames.Describe(share.Permissions, share.ReadOnlyConsole)}.", ct);
            var consoleTaken = (before.Permissions & ServerPermissions.Console) != 0 && (!share.Permissions.HasFlag(ServerPermissions.Console) || (share.ReadOnlyConsole && !before.ReadOnlyConsole));
            if (share.UserId is not null && consoleTaken)
            {
                await revocation.RevokeAsync(serverId, "What the owner lets you do on this server changed; open the console again.", share.UserId);
            }
        }

        return new(new ServerRequestResult(ServerRequestOutcome.Accepted, $"{share.Email}'s permissions changed.", serverId), share.Id);
    }

    /// <summary>The owner takes the server back from someone (or withdraws the invitation); their consoles and IDE close at once.</summary>
    public async Task<ServerRequestResult> RemoveAsync(int serverId, int shareId, string ownerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await OwnsAsync(db, serverId, ownerId, ct))
        {
            return ServerRequestResult.NotFound(serverId);
        }

        return await RemoveAsync(db, serverId, shareId, await OwnerEmailAsync(db, ownerId, ct), ct);
    }

    /// <summary>Someone the server is shared with stops using it.</summary>
    public async Task<ServerRequestResult> LeaveAsync(int serverId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var share = await db.ServerShares.AsNoTracking().FirstOrDefaultAsync(s => s.ServerId == serverId && s.UserId == userId, ct);
        return share is null ? ServerRequestResult.NotFound(serverId) : await RemoveAsync(db, serverId, share.Id, share.Email, ct);
    }

    public async Task<InvitationView?> DescribeAsync(string? token, CancellationToken ct = default)
    {
        if (!BearerTokens.IsWellFormed(token))
        {
            return null;
        }

        var hash = BearerTokens.Hash(token);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (from s in db.ServerShares.AsNoTracking()
                           join server in db.Servers on s.ServerId equals server.Id
                           join owner in db.Users on server.OwnerId equals owner.Id
                           where s.TokenHash == hash && s.UserId == null && server.Status != ServerStatus.Deleted && server.Status != ServerStatus.Deleting
                           select new { View = new InvitationView(server.Id, server.Name, owner.Email ?? "", s.Email, s.Permissions, s.ReadOnlyConsole), s.ExpiresAt })
            .FirstOrDefaultAsync(ct);
        return found is not null && found.ExpiresAt > now ? found.View : null;
    }

    /// <summary>Accepts an invitation for the signed-in account, which must be the invited address; a link works once.</summary>
    public async Task<(InvitationOutcome Outcome, InvitationView? Invitation)> AcceptAsync(string? token, string userId, CancellationToken ct = default)
    {
        if (await DescribeAsync(token, ct) is not { } invitation)
        {
            return (InvitationOutcome.Invalid, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userEmail = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (!string.Equals(Normalize(userEmail), invitation.InvitedEmail, StringComparison.Ordinal))
        {
            return (InvitationOutcome.WrongAccount, invitation);
        }

        if (await db.Servers.AnyAsync(s => s.Id == invitation.ServerId && s.OwnerId == userId, ct))
        {
            return (InvitationOutcome.Owner, invitation);
        }

        var hash = BearerTokens.Hash(token!);
        var now = time.GetUtcNow();
        var taken = await db.ServerShares
            .Where(s => s.TokenHash == hash && s.UserId == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UserId, userId).SetProperty(s => s.AcceptedAt, now).SetProperty(s => s.TokenHash, (string?)null), ct);
        if (taken == 0)
        {
            return (InvitationOutcome.Invalid, null);
        }

        await history.RecordAsync(invitation.ServerId, HistoryKind.Sharing, invitation.InvitedEmail, "Accepted the invitation to share the server.", ct);
        return (InvitationOutcome.Accepted, invitation);
    }

    private async Task<ServerRequestResult> RemoveAsync(AppDbContext db, int serverId, int shareId, string actor, CancellationToken ct)
    {
        var share = await db.ServerShares.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shareId && s.ServerId == serverId, ct);
        if (share is null || await db.ServerShares.Where(s => s.Id == shareId).ExecuteDeleteAsync(ct) == 0)
        {
            return new(ServerRequestOutcome.NotFound, $"Server {serverId} is not shared with anyone under id {shareId}.");
        }

        if (share.UserId is not null)
        {
            await revocation.RevokeAsync(serverId, Removed, share.UserId);
        }

        await history.RecordAsync(serverId, HistoryKind.Sharing, actor,
            share.UserId is null ? $"Invitation of {share.Email} withdrawn." : actor == share.Email ? $"{share.Email} stopped using the server." : $"{share.Email} no longer has access.", ct);
        return new(ServerRequestOutcome.Accepted, share.UserId is null ? $"Invitation of {share.Email} withdrawn." : $"{share.Email} no longer has access.", serverId);
    }

    private static Task<bool> OwnsAsync(AppDbContext db, int serverId, string ownerId, CancellationToken ct) =>
        db.Servers.AnyAsync(s => s.Id == serverId && s.OwnerId == ownerId && s.Status != ServerStatus.Deleted, ct);

    private static async Task<string> OwnerEmailAsync(AppDbContext db, string ownerId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == ownerId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? "The owner";

    private static string? Normalize(string? email)
    {
        var trimmed = email?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > ServerShare.EmailMaxLength || trimmed.Any(char.IsControl))
        {
            return null;
        }

        return MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed ? trimmed.ToLowerInvariant() : null;
    }

    private EmailMessage InvitationEmail(string to, string ownerEmail, string serverName, ServerShare share, string token)
    {
        var link = $"{portal.Value.PublicUrl.TrimEnd('/')}{AcceptPath}?token={Uri.EscapeDataString(token)}";
        var what = ShareNames.Describe(share.Permissions, share.ReadOnlyConsole);
        var until = share.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var text = $"{ownerEmail} shared the server \"{serverName}\" with you on {portal.Value.Name}: you may use {what}. " +
                   $"Open the link below and sign in (or sign up) as {to} to accept. The link works once, until {until} UTC.";
        return new(to, $"{ownerEmail} shared \"{serverName}\" with you", $"{text}\n\n{link}\n",
            $"<p>{HtmlEncoder.Default.Encode(text)}</p><p><a href=\"{HtmlEncoder.Default.Encode(link)}\">Accept the invitation</a></p>");
    }
}
