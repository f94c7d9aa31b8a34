using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.RateLimiting;

public static class RateLimitPartitions
{
    /// <summary>
    /// A fixed window of <paramref name="permitLimit"/> requests per <paramref name="window"/> for <paramref name="key"/>:
    /// counted in the shared database on PostgreSQL (the limit holds for the whole site), in this process on the
    /// embedded SQLite default (one instance).
    /// </summary>
    public static RateLimitPartition<string> FixedWindow(HttpContext context, string key, int permitLimit, TimeSpan window)
    {
        var services = context.RequestServices;
        return services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.PostgreSql
            ? RateLimitPartition.Get(key, k => new SharedFixedWindowLimiter(services.GetRequiredService<SharedRateLimits>(), k, permitLimit, window,
                services.GetRequiredService<TimeProvider>()))
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 });
    }
}
