using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>Email links carry Identity tokens base64url-encoded; a mangled link must read as invalid, not crash.</summary>
public static class AccountTokens
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? TryDecode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded) || encoded.Length > 4096)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
