using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Billing;

public sealed class StripeOptions
{
    /// <summary>Secret API key (<c>sk_live_…</c> / <c>sk_test_…</c>).</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Signing secret of the webhook endpoint (<c>whsec_…</c>), for <c>/webhooks/stripe</c>.</summary>
    public string WebhookSecret { get; set; } = "";
}
