using System.Globalization;
using System.Text.Json;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>The JSON a webhook receives, in its format.</summary>
public static class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string For(WebhookFormat format, string id, string eventName, int? serverId, string serverName, DateTimeOffset at, string text, string product) =>
        format == WebhookFormat.Discord
            ? JsonSerializer.Serialize(new
            {
                content = $"**{serverName}**: {Title(eventName)}",
                embeds = new[] { new { title = $"{Title(eventName)} · {serverName}", description = text, color = Color(eventName), timestamp = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) } },
                username = product,
            }, Json)
            : JsonSerializer.Serialize(new { id, @event = eventName, serverId, serverName, at, text }, Json);

    private static string Title(string eventName) => eventName switch
    {
        "server-ready" => "ready",
        "crash-loop" => "keeps crashing",
        "out-of-memory" => "out of memory",
        "backup-failed" => "backup failed",
        "suspended" => "suspended",
        "unsuspended" => "suspension lifted",
        _ => "test from ZeroLagHub",
    };

    private static int Color(string eventName) => eventName switch
    {
        "server-ready" or "unsuspended" => 0x2E7D32,
        "crash-loop" or "out-of-memory" or "backup-failed" or "suspended" => 0xC62828,
        _ => 0x1565C0,
    };
}
