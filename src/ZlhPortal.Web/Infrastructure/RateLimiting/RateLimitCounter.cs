namespace ZlhPortal.Web.Infrastructure.RateLimiting;

/// <summary>Requests counted for one key in one fixed window, shared by every instance (PostgreSQL).</summary>
public sealed class RateLimitCounter
{
    public required string Key { get; set; }

    /// <summary>Start of the window, Unix seconds.</summary>
    public long WindowStart { get; set; }

    public int Count { get; set; }
}
