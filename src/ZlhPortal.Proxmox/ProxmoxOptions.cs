using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Proxmox;

/// <summary>
/// How the portal reaches the Proxmox VE API. Bound from <c>Runtime:Proxmox</c>.
/// </summary>
public sealed class ProxmoxOptions
{
    public const string SectionName = "Runtime:Proxmox";

    /// <summary>API root including <c>/api2/json</c>, e.g. <c>https://pve1.example:8006/api2/json</c>.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "";

    /// <summary>Token id as <c>user@realm!tokenid</c>. When empty the client expects a ticket login.</summary>
    public string? TokenId { get; set; }

    /// <summary>The token secret (a UUID shown once by Proxmox). Comes from environment or user secrets.</summary>
    public string? TokenSecret { get; set; }

    /// <summary>
    /// SHA-256 fingerprint of the node's leaf certificate, as Proxmox shows it (32 colon-separated hex pairs).
    /// When set, only that certificate is accepted; when empty the system trust store decides.
    /// </summary>
    [RegularExpression("^([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}$")]
    public string? Fingerprint { get; set; }

    /// <summary>Whole-request budget for one API call including retries. Above PVE's own 30 s proxy timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Budget for a single attempt; a GET that exceeds it is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>Retries for idempotent GETs on transport failures and 59x proxy errors.</summary>
    [Range(0, 10)]
    public int MaxGetRetries { get; set; } = 3;

    /// <summary>Base delay between GET retries; grows exponentially with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Shortest interval when polling a task. Later polls wait a twentieth of the time the task has run so far, up to
    /// <see cref="TaskPollMaxInterval"/>: a task is noticed at most ~5 % after it ends, however long it runs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan TaskPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan TaskPollMaxInterval { get; set; } = TimeSpan.FromSeconds(5);
}
