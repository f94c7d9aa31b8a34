using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>
/// pveproxy's checks: an API token header, or a ticket cookie plus CSRF token on writes. Failures are 401
/// with the real reason phrases and, like pveproxy, a delay.
/// </summary>
internal sealed class PveAuthentication(SimulatorOptions options, SimulatorSecrets secrets)
{
    public const string UserItem = "pve.user";
    private static readonly TimeSpan TicketLifetime = TimeSpan.FromHours(2);
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public async Task<bool> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("PVEAPIToken", StringComparison.Ordinal))
        {
            // pveproxy accepts "PVEAPIToken=id=secret" and "PVEAPIToken id=secret" and URL-unescapes the value.
            var value = Uri.UnescapeDataString(header["PVEAPIToken".Length..].TrimStart('=', ' '));
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(secrets.ApiToken)))
            {
                context.Items[UserItem] = value[..value.IndexOf('=', StringComparison.Ordinal)];
                return true;
            }

            return await RejectAsync(context, "Authentication failed!");
        }

        var cookie = request.Cookies["PVEAuthCookie"];
        if (cookie is null && header.StartsWith("PVE:", StringComparison.Ordinal))
        {
            cookie = header;
        }

        if (cookie is null)
        {
            return await RejectAsync(context, "No ticket", delay: false);
        }

        var user = VerifyTicket(cookie);
        if (user is null)
        {
            return await RejectAsync(context, "Authentication failed!");
        }

        if (!HttpMethods.IsGet(request.Method) && !VerifyCsrf(request.Headers["CSRFPreventionToken"].ToString(), user))
        {
            return await RejectAsync(context, "Permission denied - invalid csrf token");
        }

        context.Items[UserItem] = user;
        return true;
    }

    public (string Ticket, string Csrf)? Login(string username, string password)
    {
        if (username != "root@pam" || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(secrets.RootPassword)))
        {
            return null;
        }

        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("X8", CultureInfo.InvariantCulture);
        var plain = $"PVE:{username}:{time}";
        return ($"{plain}::{Sign(plain)}", $"{time}:{Sign(time + ":" + username)}");
    }

    private string? VerifyTicket(string ticket)
    {
        var separator = ticket.IndexOf("::", StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }

        var plain = ticket[..separator];
        var parts = plain.Split(':');
        if (parts.Length != 3 || parts[0] != "PVE" || ticket[(separator + 2)..] != Sign(plain)
            || !long.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var issued)
            || DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(issued) > TicketLifetime)
        {
            return null;
        }

        return parts[1];
    }

    private bool VerifyCsrf(string token, string user)
    {
        var parts = token.Split(':', 2);
        return parts.Length == 2 && parts[1] == Sign(parts[0] + ":" + user);
    }

    private string Sign(string text) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text))).TrimEnd('=');

    private async Task<bool> RejectAsync(HttpContext context, string reason, bool delay = true)
    {
        if (delay && options.AuthFailureDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.AuthFailureDelay, context.RequestAborted);
        }

        await PveWire.WriteAsync(context, new PveReply(401, reason, null));
        return false;
    }
}
