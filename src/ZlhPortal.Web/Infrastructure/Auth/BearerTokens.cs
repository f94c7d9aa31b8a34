using System.Security.Cryptography;
using System.Text;

namespace ZlhPortal.Web.Infrastructure.Auth;

/// <summary>The secrets of console and IDE tickets and IDE cookies: 256 random bits, URL-safe; the database keeps only their hash.</summary>
internal static class BearerTokens
{
    /// <summary>The most a token presented by a browser may be before it is refused unread.</summary>
    public const int MaxLength = 100;

    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of the token, lower-case hex (64 characters).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? token) => !string.IsNullOrEmpty(token) && token.Length <= MaxLength;
}
