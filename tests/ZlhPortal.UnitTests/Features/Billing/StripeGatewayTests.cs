using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZlhPortal.UnitTests.Proxmox;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.UnitTests.Features.Billing;

/// <summary>What the adapter sends Stripe and how it reads the answers (Stripe's API itself cannot be reached from tests).</summary>
public sealed class StripeGatewayTests
{
    private static StripeGateway Gateway(StubHandler handler) =>
        new(new Stripe.StripeClient("sk_test_dummy", httpClient: new Stripe.SystemNetHttpClient(new HttpClient(handler), maxNetworkRetries: 0)),
            Options.Create(new PortalOptions { PublicUrl = "https://portal.example.com/" }), NullLogger<StripeGateway>.Instance);

    [Fact]
    public async Task A_charge_opens_a_checkout_session_for_the_amount_due_and_sends_the_customer_there()
    {
        var stripe = new StubHandler((_, _) => StubHandler.Json("""
            {"id":"cs_test_a1","object":"checkout.session","mode":"payment","url":"https://checkout.stripe.com/c/pay/cs_test_a1"}
            """));

        var result = await Gateway(stripe).ChargeAsync(new ChargeRequest(7, "customer-1", 2380, "EUR", null, "invoice-7-key"), CancellationToken.None);

        Assert.Equal(ChargeOutcome.Redirect, result.Outcome);
        Assert.Equal("https://checkout.stripe.com/c/pay/cs_test_a1", result.RedirectUrl);
        var (request, body) = Assert.Single(stripe.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/checkout/sessions", request.RequestUri!.AbsolutePath);
        Assert.Equal("invoice-7-key", Assert.Single(request.Headers.GetValues("Idempotency-Key")));
        var form = QueryHelpers.ParseQuery(body);
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("1", form["line_items[0][quantity]"]);
        Assert.Equal("2380", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("eur", form["line_items[0][price_data][currency]"]);
        Assert.Equal("7", form["metadata[invoice_id]"]);
        Assert.Equal("7", form["payment_intent_data[metadata][invoice_id]"]);
        Assert.Equal("7", form["client_reference_id"]);
        Assert.Equal("https://portal.example.com/invoices/7?checkout=success", form["success_url"]);
        Assert.Equal("https://portal.example.com/invoices/7?checkout=cancelled", form["cancel_url"]);
        Assert.False(Gateway(stripe).CollectsCardInPortal);
    }

    [Fact]
    public async Task A_refused_session_is_a_gateway_error_that_charged_nothing()
    {
        var stripe = new StubHandler((_, _) => StubHandler.Json("""
            {"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_****"}}
            """, HttpStatusCode.Unauthorized));

        var result = await Gateway(stripe).ChargeAsync(new ChargeRequest(7, "customer-1", 2380, "EUR", null, "key"), CancellationToken.None);

        Assert.Equal(ChargeOutcome.Error, result.Outcome);
        Assert.Null(result.RedirectUrl);
        Assert.NotNull(result.Message);
    }

    [Fact]
    public async Task A_refund_goes_back_through_the_payment_intent()
    {
        var stripe = new StubHandler((_, _) => StubHandler.Json("""{"id":"re_1","object":"refund","status":"succeeded","amount":500}"""));

        Assert.True(await Gateway(stripe).RefundAsync("pi_123", 500, CancellationToken.None));

        var (request, body) = Assert.Single(stripe.Requests);
        Assert.Equal("/v1/refunds", request.RequestUri!.AbsolutePath);
        var form = QueryHelpers.ParseQuery(body);
        Assert.Equal("pi_123", form["payment_intent"]);
        Assert.Equal("500", form["amount"]);
    }

    [Fact]
    public async Task A_payment_known_only_by_its_session_cannot_be_refunded_and_asks_nothing_of_stripe()
    {
        var stripe = new StubHandler((_, _) => throw new InvalidOperationException("no request expected"));

        Assert.False(await Gateway(stripe).RefundAsync("cs_test_a1", 500, CancellationToken.None));
        Assert.Empty(stripe.Requests);
    }

    [Fact]
    public async Task A_refused_refund_answers_false_so_the_caller_falls_back_to_credit()
    {
        var stripe = new StubHandler((_, _) => StubHandler.Json("""
            {"error":{"type":"invalid_request_error","code":"charge_already_refunded","message":"Charge has already been refunded."}}
            """, HttpStatusCode.BadRequest));

        Assert.False(await Gateway(stripe).RefundAsync("pi_123", 500, CancellationToken.None));
    }
}
