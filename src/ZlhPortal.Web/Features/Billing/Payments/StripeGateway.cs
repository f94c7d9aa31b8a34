using System.Globalization;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>
/// Stripe Checkout: the customer pays on Stripe's page, and <see cref="StripeWebhook"/> settles the invoice when Stripe
/// reports the session paid. The portal never sees a card number.
/// </summary>
public sealed class StripeGateway(IStripeClient stripe, IOptions<PortalOptions> portal, ILogger<StripeGateway> logger) : IPaymentGateway
{
    public const string GatewayName = "stripe";

    /// <summary>Metadata key on the Checkout Session (and its PaymentIntent) naming the invoice it pays.</summary>
    public const string InvoiceIdKey = "invoice_id";

    public string Name => GatewayName;

    public bool CollectsCardInPortal => false;

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        var invoiceId = request.InvoiceId.ToString(CultureInfo.InvariantCulture);
        var invoicePage = $"{portal.Value.PublicUrl.TrimEnd('/')}/invoices/{invoiceId}";
        var metadata = new Dictionary<string, string> { [InvoiceIdKey] = invoiceId };
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = invoiceId,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency.ToLowerInvariant(),
                        UnitAmount = request.AmountMinor,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"Invoice #{invoiceId}" },
                    },
                },
            ],
            SuccessUrl = invoicePage + "?checkout=success",
            CancelUrl = invoicePage + "?checkout=cancelled",
        };

        try
        {
            var session = await new SessionService(stripe).CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct);
            return new ChargeResult(ChargeOutcome.Redirect, session.Id, null, session.Url);
        }
        catch (Exception e) when (e is StripeException or HttpRequestException)
        {
            logger.LogWarning(e, "Stripe refused to open a Checkout Session for invoice {InvoiceId}", request.InvoiceId);
            return new ChargeResult(ChargeOutcome.Error, null, "The payment page could not be opened. Nothing was charged; please try again.");
        }
    }

    public async Task<bool> RefundAsync(string reference, long amountMinor, CancellationToken ct)
    {
        // Payments settled by the webhook carry the PaymentIntent id; a bare session id cannot be refunded through the API.
        var options = reference switch
        {
            _ when reference.StartsWith("pi_", StringComparison.Ordinal) => new RefundCreateOptions { PaymentIntent = reference, Amount = amountMinor },
            _ when reference.StartsWith("ch_", StringComparison.Ordinal) || reference.StartsWith("py_", StringComparison.Ordinal) =>
                new RefundCreateOptions { Charge = reference, Amount = amountMinor },
            _ => null,
        };
        if (options is null)
        {
            logger.LogWarning("Stripe payment {Reference} has no PaymentIntent or charge id to refund", reference);
            return false;
        }

        try
        {
            var refund = await new RefundService(stripe).CreateAsync(options,
                new RequestOptions { IdempotencyKey = $"refund-{reference}-{amountMinor.ToString(CultureInfo.InvariantCulture)}" }, ct);
            return refund.Status is "succeeded" or "pending";
        }
        catch (Exception e) when (e is StripeException or HttpRequestException)
        {
            logger.LogWarning(e, "Stripe refused to refund {Reference}", reference);
            return false;
        }
    }
}
