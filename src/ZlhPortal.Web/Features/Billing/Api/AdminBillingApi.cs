using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <summary>Staff corrections under <c>/api/v1/admin</c>: mark paid, void, credit note / refund, credit adjustment, the month's revenue.</summary>
public static class AdminBillingApi
{
    public static IEndpointRouteBuilder MapAdminBillingApi(this IEndpointRouteBuilder endpoints)
    {
        var invoices = endpoints.MapApiGroup("/admin/invoices").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin);
        invoices.MapPost("/{id:int}/mark-paid", async (int id, AdminReasonRequest? request, ClaimsPrincipal user, BillingAdministration admin, CancellationToken ct) =>
            Answer(await admin.MarkPaidAsync(id, (user.UserId() ?? ""), request?.Reason, ct)));
        invoices.MapPost("/{id:int}/void", async (int id, AdminReasonRequest? request, ClaimsPrincipal user, BillingAdministration admin, CancellationToken ct) =>
            Answer(await admin.VoidAsync(id, (user.UserId() ?? ""), request?.Reason, ct)));
        invoices.MapPost("/{id:int}/credit-note", async (int id, AdminCreditNoteRequest request, ClaimsPrincipal user, BillingAdministration admin, CancellationToken ct) =>
            Answer(await admin.CreditNoteAsync(id, (user.UserId() ?? ""), request.Reason, request.Amount, request.ToCard, ct)));

        var billing = endpoints.MapApiGroup("/admin/billing").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin);
        billing.MapPost("/credit", async (AdminCreditAdjustmentRequest request, ClaimsPrincipal user, BillingAdministration admin, CancellationToken ct) =>
            Answer(await admin.AdjustCreditAsync(request.Email, request.Amount, (user.UserId() ?? ""), request.Reason, ct)));
        billing.MapGet("/revenue", async (BillingAdministration admin, CancellationToken ct) => TypedResults.Ok(await admin.RevenueAsync(ct)));
        return endpoints;
    }

    private static Results<Ok<AdminActionResponse>, ProblemHttpResult> Answer(AdminResult result) => result.Refusal switch
    {
        AdminRefusal.None => TypedResults.Ok(new AdminActionResponse(result.Message, result.InvoiceId)),
        AdminRefusal.NotFound => TypedResults.Problem(statusCode: 404, title: "Invoice not found", detail: result.Message),
        AdminRefusal.Invalid => TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: result.Message),
        _ => TypedResults.Problem(statusCode: 409, title: "Not possible", detail: result.Message),
    };
}
