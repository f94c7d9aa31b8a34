using System.Text.Json.Serialization;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>A webhook in the API and on the page; <see cref="Secret"/> only in the answer that created it.</summary>
public sealed record WebhookResponse(
    int Id, string Url, string Format, int? ServerId, string[] Kinds, bool Enabled, int ConsecutiveFailures, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookResponse From(Webhook w, string? secret = null) => new(
        w.Id, w.Url, w.Format.ToString().ToLowerInvariant(), w.ServerId, WebhookKinds.Split(w.Kinds), w.Enabled, w.ConsecutiveFailures, w.CreatedAt, w.DisabledAt, secret);
}
