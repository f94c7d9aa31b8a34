using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>
/// Calls webhooks: a POST of the delivery's JSON with no cookie, credential or redirect, and a connection only to an
/// address <see cref="WebhookAddresses"/> allows. The generic format is signed: <c>X-ZeroLagHub-Signature: sha256=</c>
/// the hex HMAC-SHA256, keyed with the webhook's secret, of <c>{X-ZeroLagHub-Timestamp}.{body}</c>; receivers recompute
/// it and refuse a timestamp more than a few minutes old, so a captured call cannot be replayed.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string SignatureHeader = "X-ZeroLagHub-Signature";

    public const string TimestampHeader = "X-ZeroLagHub-Timestamp";

    public const string EventHeader = "X-ZeroLagHub-Event";

    public const string DeliveryHeader = "X-ZeroLagHub-Delivery";

    public async Task<WebhookCallResult> SendAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventHeader, delivery.Event);
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        if (webhook.Format == WebhookFormat.Generic && webhook.Secret is { } secret)
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(TimestampHeader, timestamp);
            request.Headers.Add(SignatureHeader, Signature(secret, timestamp, delivery.Body));
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new(true, code, null) : new(false, code, $"Answered {code} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogInformation("Webhook {WebhookId} not reached: {Error}", webhook.Id, e.Message);
            return new(false, null, e is TaskCanceledException ? "No answer in time." : Inner(e).Message);
        }
    }

    public static string Signature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private static Exception Inner(Exception e) => e.InnerException is { } inner && e.Message.Contains("error occurred", StringComparison.Ordinal) ? inner : e;

    /// <summary>
    /// The handler under the client: no proxy (the check must see the real destination), no cookies, no redirects, and a
    /// connection only to an allowed address, whatever the name resolves to at that moment.
    /// </summary>
    public static SocketsHttpHandler Handler(IOptions<NotificationsOptions> options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        Credentials = null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = options.Value.WebhookTimeout,
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            foreach (var address in addresses)
            {
                if (WebhookAddresses.Refusal(address, options.Value) is { } reason)
                {
                    throw new HttpRequestException($"{host} is {reason}; webhooks go to public addresses only.");
                }
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
