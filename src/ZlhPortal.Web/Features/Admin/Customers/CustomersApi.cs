using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Admin.Customers;

/// <summary>
/// <c>/api/v1/admin/customers</c> for support and admin tokens (with 2FA): find a customer, read the customer view,
/// add an internal note, and the account actions of the customer view, each with a reason.
/// </summary>
public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder endpoints)
    {
        var customers = endpoints.MapApiGroup("/admin/customers").WithTags("Admin").RequireAuthorization(Policies.ApiSupport);

        customers.MapGet("/", async (AccountDirectory directory, string? search, int? page, int? pageSize, CancellationToken ct) =>
        {
            var (rows, total) = await directory.ListAsync(search, page ?? 0, Math.Clamp(pageSize ?? 50, 1, 200), ct);
            return TypedResults.Ok(new { total, items = rows.Select(CustomerSummaryResponse.From) });
        });

        customers.MapGet("/{id}", async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> (
            string id, CustomerOverview overview, TimeProvider time, CancellationToken ct) =>
            await overview.GetAsync(id, ct) is { } view ? TypedResults.Ok(CustomerResponse.From(view, time.GetUtcNow())) : NotFound());

        customers.MapPost("/{id}/notes", async (string id, CustomerNoteRequest? request, ClaimsPrincipal user, StaffAccountActions actions, CancellationToken ct) =>
            Answer(await actions.AddNoteAsync(id, request?.Text, Staff(user), ct), created: true));
        customers.MapPost("/{id}/resend-confirmation", async (string id, StaffReasonRequest? request, ClaimsPrincipal user, StaffAccountActions actions, CancellationToken ct) =>
            Answer(await actions.ResendConfirmationAsync(id, request?.Reason, Staff(user), ct)));
        customers.MapPost("/{id}/unlock", async (string id, StaffReasonRequest? request, ClaimsPrincipal user, StaffAccountActions actions, CancellationToken ct) =>
            Answer(await actions.UnlockAsync(id, request?.Reason, Staff(user), ct)));
        customers.MapPost("/{id}/reset-2fa", async (string id, StaffReasonRequest? request, ClaimsPrincipal user, StaffAccountActions actions, CancellationToken ct) =>
            Answer(await actions.ResetTwoFactorAsync(id, request?.Reason, Staff(user), ct)));
        return endpoints;
    }

    /// <summary>The signed-in staff member, as the customer's activity log names them.</summary>
    public static StaffActor Staff(ClaimsPrincipal user) =>
        new(user.UserId() ?? "", user.Identity?.Name ?? "staff", user.IsInRole(Roles.Admin));

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: "No such customer.");

    private static Results<Ok<StaffActionResponse>, Created<StaffActionResponse>, ProblemHttpResult> Answer(StaffActionResult result, bool created = false) =>
        result.Outcome switch
        {
            StaffActionOutcome.Done when created => TypedResults.Created((string?)null, new StaffActionResponse(result.Message)),
            StaffActionOutcome.Done => TypedResults.Ok(new StaffActionResponse(result.Message)),
            StaffActionOutcome.Invalid => TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: result.Message),
            StaffActionOutcome.Forbidden => TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: result.Message),
            StaffActionOutcome.NotFound => NotFound(),
            _ => TypedResults.Problem(statusCode: 409, title: "Not done", detail: result.Message),
        };
}
