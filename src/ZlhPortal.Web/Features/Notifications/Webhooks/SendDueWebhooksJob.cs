namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>The recurring pass that sends deliveries whose own job was lost (an instance stopped while it was scheduled).</summary>
public sealed class SendDueWebhooksJob(WebhookDeliveries deliveries)
{
    public Task RunAsync(CancellationToken ct) => deliveries.SendDueAsync(ct);
}
