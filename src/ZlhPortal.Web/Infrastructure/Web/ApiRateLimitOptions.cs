using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>Requests per API token (or per address for calls without one) per window on <c>/api/v1</c>.</summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "Portal:RateLimiting:Api";

    public const string PolicyName = "api";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 120;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
