using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Metrics;

/// <summary>
/// Who may read <c>/metrics</c>. With neither <see cref="Token"/> nor <see cref="Port"/> set, only loopback callers are
/// answered (a Prometheus agent on the same machine); anyone else gets a 404.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>When set, <c>/metrics</c> requires <c>Authorization: Bearer {Token}</c> (401 without it), from any address.</summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// When set, <c>/metrics</c> is served only on connections to this local port (404 on every other listener); the
    /// port must be one of the portal's listening URLs, e.g. <c>http://127.0.0.1:9464</c>.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>How long a gauge that counts database rows reuses its last count, so a burst of scrapes runs one query.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan GaugeCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
