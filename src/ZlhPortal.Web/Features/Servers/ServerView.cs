using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>Everything a page or API client needs to show one server.</summary>
public sealed record ServerView(
    int Id, string OwnerId, string? OwnerEmail, string Name, ServerKind Kind, ServerStatus Status, ServerOperation Operation,
    string PlanSlug, string PlanName, string TemplateSlug, string TemplateName, int GamePort,
    string? Node, int? Vmid, string? IpAddress, string? Hostname, string? FailureReason, string? FailureDetail,
    bool Complimentary, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<StepView> Steps)
{
    /// <summary>Where players connect (ip:port for games) or the container address (dev).</summary>
    public string? Address => IpAddress is null ? null : GamePort > 0 ? $"{IpAddress}:{GamePort}" : IpAddress;

    public bool IsBusy => Operation != ServerOperation.None;

    /// <summary>What the viewer may do when the server is shared with them; null when it is their own (or staff look).</summary>
    public ServerPermissions? SharedPermissions { get; init; }

    /// <summary>Shared with the viewer with a console they may watch but not type into.</summary>
    public bool SharedReadOnlyConsole { get; init; }

    public bool IsShared => SharedPermissions is not null;

    /// <summary>Whether the viewer may do this: always on their own server, on a shared one when given.</summary>
    public bool Allows(ServerPermissions permission) => SharedPermissions is not { } given || (given & permission) == permission;

    /// <summary>Why the last power action failed; null once a later one succeeded.</summary>
    public string? LastActionError { get; init; }

    /// <summary>The template's game (<c>minecraft</c>, <c>terraria</c>…) or dev runtime.</summary>
    public string Game { get; init; } = "";

    /// <summary>The game port's transport, <c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; init; } = "tcp";

    /// <summary>The port leased at the edge (Gateway mode, games not routed by hostname).</summary>
    public int? PublicPort { get; init; }

    /// <summary>How players connect: what they type and where it goes; null for dev servers and before it is known.</summary>
    public ConnectInfo? Connect { get; init; }

    /// <summary>What players type: the hostname, with the port unless Minecraft finds it by itself (its default port).</summary>
    public string? PlayerAddress => Connect is not { } c ? null : Game == "minecraft" && c.Port == 25565 ? c.Host : $"{c.Host}:{c.Port}";

    /// <summary>Why staff suspended the server by hand; null when they did not (billing's suspension is not this).</summary>
    public string? StaffSuspendedReason { get; init; }

    /// <summary>Power actions that failed, newest first.</summary>
    public IReadOnlyList<ActionFailureView> ActionFailures { get; init; } = [];
}
