using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Documents;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <summary><c>/api/v1/invoices</c>, <c>/api/v1/servers/{id}/plan|cancel</c>, <c>/api/v1/account/credit</c> and <c>/api/v1/admin/invoices</c>.</summary>
public static class BillingApi
{
    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder endpoints)
    {
        var invoices = endpoints.MapApiGroup("/invoices").WithTags("Billing").RequireAuthorization(Policies.ApiCustomer);
        invoices.MapGet("/", async (ClaimsPrincipal user, InvoiceDirectory directory, CancellationToken ct) =>
            TypedResults.Ok((await directory.ListForCustomerAsync((user.UserId() ?? ""), ct)).Select(i => InvoiceResponse.From(i))));

        invoices.MapGet("/{id:int}", async Task<Results<Ok<InvoiceResponse>, ProblemHttpResult>> (int id, ClaimsPrincipal user, InvoiceDirectory directory, CancellationToken ct) =>
            await directory.FindAsync(id, (user.UserId() ?? ""), ct) is { } invoice ? TypedResults.Ok(InvoiceResponse.From(invoice)) : InvoiceNotFound(id));

        invoices.MapGet("/{id:int}/pdf", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, InvoiceDirectory directory, InvoicePdf pdf, CancellationToken ct) =>
            await directory.DocumentAsync(id, (user.UserId() ?? ""), null, ct) is { } document
                ? TypedResults.File(pdf.Render(document), "application/pdf", InvoiceDirectory.FileName(document.Invoice))
                : InvoiceNotFound(id));

        invoices.MapPost("/{id:int}/pay", async Task<Results<Ok<PayResponse>, ProblemHttpResult>> (
            int id, PayRequest? request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, InvoicePayments payments,
            InvoiceDirectory directory, CancellationToken ct) =>
        {
            var customerId = (user.UserId() ?? "");
            var result = await payments.PayAsync(id, customerId, request?.Card, idempotencyKey, ct);
            if (result.Outcome == PayOutcome.NotFound)
            {
                return InvoiceNotFound(id);
            }

            var invoice = (await directory.FindAsync(id, customerId, ct))!;
            return result.Outcome switch
            {
                PayOutcome.Paid or PayOutcome.AlreadyPaid or PayOutcome.Redirect =>
                    TypedResults.Ok(new PayResponse(result.Outcome.ToString(), result.Message, result.ServerId, result.RedirectUrl, InvoiceResponse.From(invoice, result.ServerId))),
                PayOutcome.Declined => TypedResults.Problem(statusCode: 402, title: "Payment declined", detail: result.Message),
                PayOutcome.GatewayError => TypedResults.Problem(statusCode: 503, title: "Payment not processed", detail: result.Message),
                _ => TypedResults.Problem(statusCode: 409, title: "Not possible right now", detail: result.Message),
            };
        });

        var servers = endpoints.MapApiGroup("/servers").WithTags("Billing").RequireAuthorization(Policies.ApiCustomer);
        servers.MapGet("/{id:int}/plan", async Task<Results<Ok<PlanChangeResponse>, ProblemHttpResult>> (
            int id, string? plan, ClaimsPrincipal user, PlanChanges changes, CancellationToken ct) =>
            PlanChangeOutcome(id, await changes.QuoteAsync(id, (user.UserId() ?? ""), plan, ct)));

        servers.MapPost("/{id:int}/plan", async Task<Results<Ok<PlanChangeResponse>, ProblemHttpResult>> (
            int id, PlanChangeRequest request, ClaimsPrincipal user, PlanChanges changes, CancellationToken ct) =>
        {
            PlanChangeTiming? timing = request.When?.ToLowerInvariant() switch
            {
                null or "" or "now" => PlanChangeTiming.Now,
                "renewal" => PlanChangeTiming.AtRenewal,
                _ => null,
            };
            if (timing is null)
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "\"when\" must be \"now\" or \"renewal\".");
            }

            return PlanChangeOutcome(id, await changes.ChangeAsync(id, (user.UserId() ?? ""), request.Plan, timing.Value, ct));
        });

        servers.MapPost("/{id:int}/cancel", async Task<Results<Ok<ProblemDetails>, ProblemHttpResult>> (
            int id, CancelRequest? request, ClaimsPrincipal user, PlanChanges changes, CancellationToken ct) =>
        {
            var result = await changes.SetCancelAtPeriodEndAsync(id, (user.UserId() ?? ""), request?.AtPeriodEnd ?? true, ct);
            return result.Done ? TypedResults.Ok(new ProblemDetails { Title = "Subscription updated", Detail = result.Message, Status = 200 })
                : result.NotFound ? ServersApi.NotFound(id) : TypedResults.Problem(statusCode: 409, title: "Not possible right now", detail: result.Message);
        });

        var credit = endpoints.MapApiGroup("/account/credit").WithTags("Billing").RequireAuthorization(Policies.ApiCustomer);
        credit.MapPost("/top-up", async Task<Results<Created<InvoiceResponse>, ProblemHttpResult>> (
            TopUpRequest request, ClaimsPrincipal user, CreditLedger ledger, CancellationToken ct) =>
        {
            var (invoice, problem) = await ledger.CreateTopUpAsync((user.UserId() ?? ""), request.Amount ?? 0, ct);
            return invoice is null
                ? TypedResults.Problem(statusCode: 400, title: "Invalid amount", detail: problem + " \"amount\" is in minor units (cents).")
                : TypedResults.Created($"/api/v1/invoices/{invoice.Id}", InvoiceResponse.From(invoice));
        });
        credit.MapGet("/", async (ClaimsPrincipal user, CreditLedger ledger, int? page, int? pageSize, CancellationToken ct) =>
            {
                var result = await ledger.PageAsync((user.UserId() ?? ""), page ?? 0, pageSize ?? 50, ct);
                return TypedResults.Ok(new CreditResponse(result.BalanceMinor, result.Currency, result.TotalCount,
                    result.Entries.Select(e => new CreditEntryResponse(e.Id, e.CreatedAt, e.AmountMinor, e.Kind.ToString(), e.Reason, e.InvoiceId)).ToList()));
            });

        endpoints.MapApiGroup("/admin/invoices").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin)
            .MapGet("/", async (InvoiceDirectory directory, string? status, string? customer, int? page, int? pageSize, CancellationToken ct) =>
            {
                InvoiceStatus? parsed = Enum.TryParse<InvoiceStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
                var (rows, total) = await directory.ListAllAsync(new InvoiceFilter(parsed, customer), page ?? 0, pageSize ?? 50, ct);
                return TypedResults.Ok(new { total, items = rows.Select(r => new { invoice = InvoiceResponse.From(r.Invoice), customerEmail = r.CustomerEmail }) });
            });

        // The download link on the invoice page (cookie sign-in): the customer's own invoices, any invoice for staff.
        endpoints.MapGet("/invoices/{id:int}/pdf", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, IAuthorizationService authorization, InvoiceDirectory directory, InvoicePdf pdf, CancellationToken ct) =>
        {
            var staff = (await authorization.AuthorizeAsync(user, Policies.Support)).Succeeded;
            return await directory.DocumentAsync(id, staff ? null : (user.UserId() ?? ""), System.Globalization.CultureInfo.CurrentCulture, ct) is { } document
                ? TypedResults.File(pdf.Render(document), "application/pdf", InvoiceDirectory.FileName(document.Invoice))
                : InvoiceNotFound(id);
        }).RequireAuthorization();

        return endpoints;
    }

    private static Results<Ok<PlanChangeResponse>, ProblemHttpResult> PlanChangeOutcome(int id, PlanChangeResult result) =>
        result.Quote is not null && (result.Done || result.Invoice is not null)
            ? TypedResults.Ok(PlanChangeResponse.Of(result))
            : result.NotFound ? ServersApi.NotFound(id) : TypedResults.Problem(statusCode: result.Quote is null ? 400 : 409, title: "Plan not changed", detail: result.Message);

    public static ProblemHttpResult InvoiceNotFound(int id) =>
        TypedResults.Problem(statusCode: 404, title: "Invoice not found", detail: $"You have no invoice with id {id}.");
}
