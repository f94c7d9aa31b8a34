using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.Web.Features.Servers.Api;

public sealed record ServerResponse(
    int Id, string Name, string Kind, string Status, string? Operation, string Plan, string Template, string? Node, int? Vmid,
    string? Address, string? Hostname, string? FailureReason, bool Complimentary, DateTimeOffset CreatedAt, IReadOnlyList<StepResponse> Steps,
    string? LastActionError, ConnectInfo? Connect)
{
    public static ServerResponse From(ServerView s) => new(
        s.Id, s.Name, s.Kind.ToString(), s.Status.ToString(), s.Operation == ServerOperation.None ? null : s.Operation.ToString(),
        s.PlanSlug, s.TemplateSlug, s.Node, s.Vmid, s.Address, s.Hostname, s.FailureReason, s.Complimentary, s.CreatedAt,
        s.Steps.Select(x => new StepResponse(x.Step.ToString(), x.State.ToString(), x.StartedAt, x.FinishedAt, x.Message)).ToList(),
        s.LastActionError, s.Connect)
    {
        Access = s.IsShared ? "shared" : "owner",
        Permissions = ShareNames.List(s.SharedPermissions ?? ServerPermissions.All),
        ReadOnlyConsole = s.IsShared && s.SharedReadOnlyConsole,
        SharedBy = s.IsShared ? s.OwnerEmail : null,
        SuspendedByStaff = s.StaffSuspendedReason,
    };

    /// <summary><c>owner</c> for the caller's own server, <c>shared</c> for one its owner shares with them.</summary>
    public string Access { get; init; } = "owner";

    /// <summary>What the caller may do on it (all of them on their own).</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Shared with a console the caller may watch but not type into.</summary>
    public bool ReadOnlyConsole { get; init; }

    /// <summary>The owner's email on a shared server.</summary>
    public string? SharedBy { get; init; }

    /// <summary>Why staff suspended the server by hand (null when they did not); paying invoices does not lift it.</summary>
    public string? SuspendedByStaff { get; init; }
}
