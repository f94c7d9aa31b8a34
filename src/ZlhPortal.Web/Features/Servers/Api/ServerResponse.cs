using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
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
        s.LastActionError, s.Connect);
}
