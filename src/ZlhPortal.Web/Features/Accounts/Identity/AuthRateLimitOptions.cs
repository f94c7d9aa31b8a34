using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>Per-IP limits on sign-in, sign-up and password-reset submissions.</summary>
public sealed class AuthRateLimitOptions
{
    public const string SectionName = "Portal:RateLimiting:Auth";

    public const string PolicyName = "auth";

    [Range(1, 100_000)]
    public int PermitLimit { get; set; } = 10;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
