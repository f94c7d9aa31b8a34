using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Settings;

/// <summary>
/// A server's game settings and players. The agent holds the settings (in the game's own files); the portal reads them,
/// checks changes against <see cref="SettingsSchema"/>, sends only what changed, and the game picks them up when it is
/// next started. Callers check access first (<see cref="ServerAccess"/>) and pass the grant.
/// </summary>
public sealed class ServerSettings(
    IDbContextFactory<AppDbContext> dbFactory, AgentClient agents, AgentCredentials credentials, ServerHistory history, ILogger<ServerSettings> logger)
{
    private const string AgentUnreachable = "The server's agent did not answer. Start the server, or try again in a moment.";

    public async Task<ServerSettingsView?> GetAsync(ServerGrant grant, CancellationToken ct = default)
    {
        if (await TargetAsync(grant, ct) is not { } target)
        {
            return null;
        }

        var schema = SettingsSchema.For(target.Game, target.Kind);
        IReadOnlyDictionary<string, object?>? values = null;
        var restartRequired = false;
        if (target.Reachable && await agents.GetSettingsAsync(target.IpAddress!, credentials.Reveal(target.Credential), ct) is { } held)
        {
            values = SettingsSchema.Read(schema, held);
            restartRequired = held.TryGetProperty("restartRequired", out var restart) && restart.ValueKind == JsonValueKind.True;
        }

        return new ServerSettingsView(target.Id, target.Game, target.Kind, schema, values, restartRequired, target.PlanMemoryMb, target.Version, target.Versions);
    }

    /// <summary>Checks <paramref name="input"/>, sends the fields whose values differ from the agent's, and writes a history line.</summary>
    public async Task<SettingsChangeResult> ChangeAsync(ServerGrant grant, IReadOnlyDictionary<string, object?> input, CancellationToken ct = default)
    {
        if (await TargetAsync(grant, ct) is not { } target)
        {
            return SettingsChangeResult.Refused(ServerRequestOutcome.NotFound, $"You have no server with id {grant.ServerId}.");
        }

        var schema = SettingsSchema.For(target.Game, target.Kind);
        if (!target.Reachable)
        {
            return SettingsChangeResult.Refused(ServerRequestOutcome.Conflict, target.Busy
                ? "Something else is being done to the server; change its settings when it is finished."
                : "Settings can be changed while the server is running or stopped.");
        }

        var credential = credentials.Reveal(target.Credential);
        if (await agents.GetSettingsAsync(target.IpAddress!, credential, ct) is not { } held)
        {
            return SettingsChangeResult.Refused(ServerRequestOutcome.Unavailable, AgentUnreachable);
        }

        var current = SettingsSchema.Read(schema, held);
        var validation = SettingsSchema.Validate(target.Game, schema, input, current, target.PlanMemoryMb);
        if (!validation.IsValid)
        {
            return SettingsChangeResult.Refused(ServerRequestOutcome.Invalid, "Some settings are not valid; nothing was saved.", validation.Errors);
        }

        var changes = validation.Values
            .Where(v => schema.First(f => f.Name == v.Key).Secret ? v.Value is not null : !SettingsSchema.Same(v.Value, current.GetValueOrDefault(v.Key)))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (changes.Count == 0)
        {
            return new SettingsChangeResult(ServerRequestOutcome.Accepted, "Nothing changed.", [], held.TryGetProperty("restartRequired", out var r) && r.ValueKind == JsonValueKind.True);
        }

        if (await agents.ChangeSettingsAsync(target.IpAddress!, credential, SettingsSchema.ToAgentBody(schema, changes), ct) is not { } restartRequired)
        {
            return SettingsChangeResult.Refused(ServerRequestOutcome.Unavailable, AgentUnreachable);
        }

        var changed = schema.Select(f => f.Name).Where(changes.ContainsKey).ToList();
        var labels = string.Join(", ", changed.Select(n => schema.First(f => f.Name == n).Label.ToLowerInvariant()));
        await history.RecordAsync(grant.ServerId, HistoryKind.Settings, await ActorAsync(grant, ct),
            $"Settings changed: {labels}.{(restartRequired ? " A restart applies them." : "")}", ct);
        logger.LogInformation("Settings {Fields} of server {ServerId} changed", changed, grant.ServerId);
        return new SettingsChangeResult(ServerRequestOutcome.Accepted,
            restartRequired ? "Saved. Restart the server to apply the changes." : "Saved. They apply when the server starts.", changed, restartRequired);
    }

    /// <summary>Who is online, or null when the server has no such list now (not running, or the agent did not answer).</summary>
    public async Task<PlayerList?> PlayersAsync(ServerGrant grant, CancellationToken ct = default)
    {
        if (await TargetAsync(grant, ct) is not { Reachable: true } target
            || await agents.GetStatusAsync(target.IpAddress!, credentials.Reveal(target.Credential), ct) is not { IsRunning: true } status)
        {
            return null;
        }

        return new PlayerList(status.Players ?? status.PlayerNames?.Count, status.MaxPlayers, status.PlayerNames ?? []);
    }

    /// <summary>Kicks, bans or whitelists a player with the game's own console command (the name is checked first: it goes into a command).</summary>
    public async Task<ServerRequestResult> ActOnPlayerAsync(ServerGrant grant, string name, PlayerAction action, CancellationToken ct = default)
    {
        if (await TargetAsync(grant, ct) is not { } target)
        {
            return ServerRequestResult.NotFound(grant.ServerId);
        }

        if (!SettingsSchema.IsPlayerName(target.Game, name))
        {
            return ServerRequestResult.Invalid(target.Game == "minecraft"
                ? "A player name is 3 to 16 letters, digits or underscores."
                : "A player name is 1 to 20 letters, digits or underscores.");
        }

        var command = (target.Game, action) switch
        {
            ("minecraft", PlayerAction.Kick) => $"kick {name}",
            ("minecraft", PlayerAction.Ban) => $"ban {name}",
            ("minecraft", PlayerAction.Whitelist) => $"whitelist add {name}",
            ("terraria", PlayerAction.Kick) => $"kick {name}",
            ("terraria", PlayerAction.Ban) => $"ban {name}",
            _ => null,
        };
        if (command is null)
        {
            return ServerRequestResult.Invalid($"This game cannot {action.ToString().ToLowerInvariant()} players from the portal.");
        }

        if (!target.Reachable || target.Status != ServerStatus.Running)
        {
            return ServerRequestResult.Conflict("Players can be managed while the server is running.");
        }

        if (!await agents.SendCommandAsync(target.IpAddress!, credentials.Reveal(target.Credential), command, ct))
        {
            return ServerRequestResult.Unavailable(AgentUnreachable);
        }

        var done = action switch
        {
            PlayerAction.Kick => "kicked",
            PlayerAction.Ban => "banned",
            _ => "added to the whitelist",
        };
        await history.RecordAsync(grant.ServerId, HistoryKind.Settings, await ActorAsync(grant, ct), $"Player {name} {done}.", ct);
        return new ServerRequestResult(ServerRequestOutcome.Accepted, $"{name} {done}.", grant.ServerId);
    }

    private async Task<string> ActorAsync(ServerGrant grant, CancellationToken ct)
    {
        if (grant.Actor is { } actor)
        {
            return actor;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == grant.OwnerId).Select(u => u.Email).FirstOrDefaultAsync(ct) ?? HistoryActors.Platform;
    }

    private async Task<Target?> TargetAsync(ServerGrant grant, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from s in db.Servers.AsNoTracking()
            join t in db.Templates on s.TemplateId equals t.Id
            join p in db.Plans on s.PlanId equals p.Id
            where s.Id == grant.ServerId && s.OwnerId == grant.OwnerId && s.Status != ServerStatus.Deleted
            select new { s.Id, s.Status, s.Operation, s.IpAddress, s.AgentCredentialProtected, s.GameVersion, t.Game, t.Kind, t.DefaultVersion, t.Versions, p.MemoryMb })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var template = new Template { DefaultVersion = row.DefaultVersion, Versions = row.Versions };
        return new Target(row.Id, row.Status, row.Operation, row.IpAddress, row.AgentCredentialProtected, row.Game, row.Kind, row.MemoryMb,
            row.GameVersion ?? row.DefaultVersion, template.OfferedVersions);
    }

    private sealed record Target(
        int Id, ServerStatus Status, ServerOperation Operation, string? IpAddress, string Credential, string Game, ServerKind Kind, int PlanMemoryMb,
        string Version, IReadOnlyList<string> Versions)
    {
        public bool Busy => Operation != ServerOperation.None;

        /// <summary>The agent runs while the container does; a stopped server's container still runs (only its game is stopped).</summary>
        public bool Reachable => IpAddress is not null && !Busy && Status is ServerStatus.Running or ServerStatus.Stopped;
    }
}
