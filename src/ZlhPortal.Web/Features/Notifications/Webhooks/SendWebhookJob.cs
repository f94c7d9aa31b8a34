namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>Sends one webhook delivery (its first try, or a retry scheduled after a failure).</summary>
public sealed class SendWebhookJob(WebhookDeliveries deliveries)
{
    public Task RunAsync(long deliveryId, CancellationToken ct) => deliveries.SendAsync(deliveryId, ct);
}
