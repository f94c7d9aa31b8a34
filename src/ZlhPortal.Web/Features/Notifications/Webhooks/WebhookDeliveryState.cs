namespace ZlhPortal.Web.Features.Notifications.Webhooks;

public enum WebhookDeliveryState
{
    Pending,
    Delivered,

    /// <summary>Every attempt failed (or a test call did).</summary>
    Failed,

    /// <summary>Not sent: the webhook was turned off or deleted first.</summary>
    Dropped,
}
