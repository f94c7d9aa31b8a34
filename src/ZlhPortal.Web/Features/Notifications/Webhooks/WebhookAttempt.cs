namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>One call of a webhook: the delivery log the customer reads.</summary>
public sealed class WebhookAttempt
{
    public const int ErrorMaxLength = 500;

    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public int WebhookId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>1 for the first call of the delivery.</summary>
    public int Number { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public bool Succeeded { get; set; }
}
