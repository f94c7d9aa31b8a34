using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary><c>/api/v1/servers/{id}/schedules</c>: the owner's schedules of a server (another tenant's server is a 404).</summary>
public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedules(this IEndpointRouteBuilder endpoints)
    {
        var schedules = endpoints.MapApiGroup("/servers/{id:int}/schedules").WithTags("Schedules").RequireAuthorization(Policies.ApiCustomer)
            .RequireServerPermission(ServerPermissions.Schedules);

        schedules.MapGet("/", async Task<Results<Ok<List<ScheduleResponse>>, ProblemHttpResult>> (
            int id, HttpContext http, ServerSchedules service, CancellationToken ct) =>
            await service.ListAsync(id, http.Grant().OwnerId, ct) is { } list
                ? TypedResults.Ok(list.Select(ScheduleResponse.From).ToList())
                : ServersApi.NotFound(id));

        schedules.MapGet("/{scheduleId:int}", async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> (
            int id, int scheduleId, HttpContext http, ServerSchedules service, CancellationToken ct) =>
            await service.FindAsync(id, scheduleId, http.Grant().OwnerId, ct) is { } schedule
                ? TypedResults.Ok(ScheduleResponse.From(schedule))
                : NoSuchSchedule(id, scheduleId));

        schedules.MapPost("/", async Task<Results<Created<ScheduleResponse>, ProblemHttpResult>> (
            int id, ScheduleRequest? request, HttpContext http, ServerSchedules service, CancellationToken ct) =>
        {
            var owner = http.Grant().OwnerId;
            if (ToInput(request) is not { } input)
            {
                return await service.ListAsync(id, owner, ct) is null ? ServersApi.NotFound(id) : InvalidAction();
            }

            var result = await service.CreateAsync(id, owner, input, ct);
            return result.Accepted && await service.FindAsync(id, result.ScheduleId!.Value, owner, ct) is { } schedule
                ? TypedResults.Created($"/api/v1/servers/{id}/schedules/{schedule.Id}", ScheduleResponse.From(schedule))
                : ServersApi.Problem(result.Request);
        });

        schedules.MapPut("/{scheduleId:int}", async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> (
            int id, int scheduleId, ScheduleRequest? request, HttpContext http, ServerSchedules service, CancellationToken ct) =>
        {
            var owner = http.Grant().OwnerId;
            if (ToInput(request) is not { } input)
            {
                return await service.FindAsync(id, scheduleId, owner, ct) is null ? NoSuchSchedule(id, scheduleId) : InvalidAction();
            }

            var result = await service.UpdateAsync(id, scheduleId, owner, input, ct);
            return result.Accepted && await service.FindAsync(id, scheduleId, owner, ct) is { } schedule
                ? TypedResults.Ok(ScheduleResponse.From(schedule))
                : ServersApi.Problem(result.Request);
        });

        schedules.MapDelete("/{scheduleId:int}", async Task<Results<NoContent, ProblemHttpResult>> (
            int id, int scheduleId, HttpContext http, ServerSchedules service, CancellationToken ct) =>
            await service.DeleteAsync(id, scheduleId, http.Grant().OwnerId, ct) is { Accepted: false } refused
                ? ServersApi.Problem(refused)
                : TypedResults.NoContent());

        schedules.MapPost("/{scheduleId:int}/run", async Task<Results<Accepted<ScheduleResponse>, ProblemHttpResult>> (
            int id, int scheduleId, HttpContext http, ServerSchedules service, CancellationToken ct) =>
        {
            var owner = http.Grant().OwnerId;
            var result = await service.RunNowAsync(id, scheduleId, owner, ct);
            return result.Accepted && await service.FindAsync(id, scheduleId, owner, ct) is { } schedule
                ? TypedResults.Accepted($"/api/v1/servers/{id}/schedules/{scheduleId}", ScheduleResponse.From(schedule))
                : ServersApi.Problem(result);
        });

        return endpoints;
    }

    /// <summary>The body as the service's input, or null when a task names no action the API knows.</summary>
    private static ScheduleInput? ToInput(ScheduleRequest? request)
    {
        var tasks = new List<ScheduleTask>();
        foreach (var task in request?.Tasks ?? [])
        {
            if (!Enum.TryParse<ScheduleAction>(task?.Action, ignoreCase: true, out var action) || !Enum.IsDefined(action) || int.TryParse(task!.Action, out _))
            {
                return null;
            }

            tasks.Add(new ScheduleTask(action, task.Payload, task.OffsetSeconds ?? 0));
        }

        return new ScheduleInput(request?.Name, request?.Cron, request?.TimeZone, tasks, request?.Enabled ?? true);
    }

    private static ProblemHttpResult InvalidAction() =>
        TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "Each task's \"action\" must be one of restart, stop, start, backup, command.");

    private static ProblemHttpResult NoSuchSchedule(int id, int scheduleId) =>
        ServersApi.Problem(new ServerRequestResult(ServerRequestOutcome.NotFound, $"Server {id} has no schedule with id {scheduleId}."));
}
