using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>
/// <c>POST /webhooks/stripe</c>: Stripe reports paid Checkout Sessions here. Only requests signed with the endpoint's
/// signing secret count; settling is idempotent, so Stripe's retries and duplicate deliveries change nothing.
/// </summary>
public static class StripeWebhook
{
    public const string Route = "/webhooks/stripe";

    /// <summary>How old a signed delivery may be (Stripe's own default), so a captured request cannot be replayed later.</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    public static IEndpointConventionBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

    private static async Task<Results<Ok, ProblemHttpResult, NotFound>> HandleAsync(
        HttpRequest request, IOptions<BillingOptions> options, InvoicePayments payments, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(StripeWebhook).FullName!);
        var secret = options.Value.Stripe.WebhookSecret;
        if (secret.Length == 0)
        {
            // Without a secret every signature would "verify"; an installation that does not use Stripe has no webhook.
            return TypedResults.NotFound();
        }

        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var signature = request.Headers["Stripe-Signature"].ToString();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, secret, (long)SignatureTolerance.TotalSeconds, time.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            logger.LogWarning("Rejected a Stripe webhook from {Address}: {Reason}", request.HttpContext.Connection.RemoteIpAddress, e.Message);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The Stripe signature is missing, invalid or too old.");
        }

        if (stripeEvent.Type is not (EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded)
            || stripeEvent.Data.Object is not Session session)
        {
            return TypedResults.Ok();
        }

        if (session.PaymentStatus != "paid")
        {
            // Delayed payment methods complete the session first and report the money later (async_payment_succeeded).
            logger.LogInformation("Stripe session {SessionId} completed without payment yet ({Status})", session.Id, session.PaymentStatus);
            return TypedResults.Ok();
        }

        if (session.Metadata?.GetValueOrDefault(StripeGateway.InvoiceIdKey) is not { } rawId
            || !int.TryParse(rawId, NumberStyles.None, CultureInfo.InvariantCulture, out var invoiceId))
        {
            logger.LogWarning("Stripe session {SessionId} names no invoice; ignored", session.Id);
            return TypedResults.Ok();
        }

        var paid = session.AmountTotal ?? 0;
        long credit;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var invoice = await db.Invoices.AsNoTracking().Where(i => i.Id == invoiceId)
                .Select(i => new { i.Currency, i.CustomerId, i.Status, i.TotalMinor, i.CreditAppliedMinor }).FirstOrDefaultAsync(ct);
            if (invoice is null)
            {
                logger.LogError("Stripe session {SessionId} paid invoice {InvoiceId}, which does not exist", session.Id, invoiceId);
                return TypedResults.Ok();
            }

            if (!string.Equals(invoice.Currency, session.Currency, StringComparison.OrdinalIgnoreCase))
            {
                logger.LogError("Stripe session {SessionId} paid invoice {InvoiceId} in {Paid}, not {Currency}; left for staff to settle",
                    session.Id, invoiceId, session.Currency, invoice.Currency);
                return TypedResults.Ok();
            }

            // Checkout charged the card only what the customer's credit did not cover (InvoicePayments.PayAsync);
            // that credit is spent now, when the invoice is paid.
            var shortfall = invoice.Status is InvoiceStatus.Draft or InvoiceStatus.Open ? invoice.TotalMinor - invoice.CreditAppliedMinor - paid : 0;
            credit = shortfall > 0 ? Math.Clamp(await CreditLedger.BalanceAsync(db, invoice.CustomerId, ct), 0, shortfall) : 0;
            if (credit < shortfall)
            {
                logger.LogWarning("Stripe session {SessionId} paid {Paid} of invoice {InvoiceId}; the customer's credit covers only {Credit} of the remaining {Shortfall}",
                    session.Id, paid, invoiceId, credit, shortfall);
            }
        }

        var result = await payments.SettleAsync(invoiceId, StripeGateway.GatewayName, session.PaymentIntentId ?? session.Id, paid, credit, idempotencyKey: null, ct);
        logger.LogInformation("Stripe session {SessionId} for invoice {InvoiceId}: {Outcome}", session.Id, invoiceId, result.Outcome);
        return TypedResults.Ok();
    }
}
