using System.Net;
using System.Net.Sockets;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>
/// Where webhooks may go: public addresses, so a customer cannot make the portal call the services beside it (cloud
/// metadata, the database, the Proxmox API). Checked on the URL when a webhook is added and on the resolved address
/// of every connection, since a name may point elsewhere later.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Why <paramref name="address"/> may not be called, or null when it may.</summary>
    public static string? Refusal(IPAddress address, NotificationsOptions options)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return options.AllowLoopbackWebhooks ? null : "a loopback address";
        }

        return IsInternal(address) && !options.AllowPrivateWebhookAddresses ? "a private or internal address" : null;
    }

    /// <summary>Why <paramref name="url"/> may not be a webhook, or null when it may (its name resolved and each address checked).</summary>
    public static async Task<string?> RefusalAsync(string url, NotificationsOptions options, CancellationToken ct)
    {
        if (url.Length > Webhook.UrlMaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "The URL must be an absolute https:// address of at most 500 characters, without a user name or password.";
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return $"The name {uri.Host} does not resolve.";
        }

        if (addresses.Length == 0)
        {
            return $"The name {uri.Host} does not resolve.";
        }

        foreach (var address in addresses)
        {
            if (Refusal(address, options) is { } reason)
            {
                return $"{uri.Host} is {reason} ({address}); webhooks go to public addresses only.";
            }
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !addresses.All(IPAddress.IsLoopback))
        {
            return "The URL must use https://.";
        }

        return null;
    }

    private static bool IsInternal(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC // fc00::/7 unique local
                || address.IsIPv6Teredo || (b[0] == 0x20 && b[1] == 0x02) || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B); // 6to4, NAT64 embed IPv4
        }

        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => true,
            100 => v4[1] is >= 64 and <= 127, // carrier-grade NAT
            169 => v4[1] == 254, // link-local, cloud metadata
            172 => v4[1] is >= 16 and <= 31,
            192 => (v4[1] == 168) || (v4[1] == 0 && v4[2] is 0 or 2) || (v4[1] == 88 && v4[2] == 99),
            198 => v4[1] is 18 or 19 || (v4[1] == 51 && v4[2] == 100),
            203 => v4[1] == 0 && v4[2] == 113,
            >= 224 => true, // multicast and reserved
            _ => false,
        };
    }
}
