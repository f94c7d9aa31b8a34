using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>How servers are placed, numbered and brought up.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Provisioning";

    [Range(100, 999_999_999)]
    public int GameVmidFirst { get; set; } = 1000;

    [Range(100, 999_999_999)]
    public int GameVmidLast { get; set; } = 1099;

    [Range(100, 999_999_999)]
    public int DevVmidFirst { get; set; } = 1100;

    [Range(100, 999_999_999)]
    public int DevVmidLast { get; set; } = 1199;

    /// <summary>Where the templates servers are cloned from live; staff can add a template only from this range.</summary>
    [Range(100, 999_999_999)]
    public int TemplateVmidFirst { get; set; } = 200;

    [Range(100, 999_999_999)]
    public int TemplateVmidLast { get; set; } = 299;

    /// <summary>A freed VMID returns to the pool only after this long, so stale references never hit a new server.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan VmidCooldown { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many plan cores may be sold per physical core.</summary>
    [Range(0.1, 64)]
    public double CpuOverallocation { get; set; } = 4;

    [Range(0.1, 4)]
    public double MemoryOverallocation { get; set; } = 1;

    [Range(0.1, 16)]
    public double DiskOverallocation { get; set; } = 1;

    /// <summary>Tag put on every container this portal creates; the reconciler never touches containers without it.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9_-]{0,40}$")]
    public string InstanceTag { get; set; } = "zlh-portal";

    /// <summary>Storage for clones placed on another node than the template's (must be shared).</summary>
    [Required, MaxLength(64)]
    public string SharedStorage { get; set; } = "ceph-ct";

    /// <summary>Bridge for the containers' network.</summary>
    [Required, MaxLength(32)]
    public string Bridge { get; set; } = "vmbr0";

    /// <summary>How long a clone, start or stop task may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the agent may take to answer after the container starts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the install and first start of the game or runtime may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan RuntimeTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long setting up a server may take in all, retries and outages included: past it the server is Failed with
    /// a reason, its resources removed and the customer refunded, instead of waiting for the platform forever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Interval between looks at the agent while waiting for it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A graceful shutdown gets this long before the container is stopped hard.</summary>
    [Range(1, 3600)]
    public int ShutdownTimeoutSeconds { get; set; } = 60;

    /// <summary>Attempts of a step on transient runtime errors before the job is retried later by the queue.</summary>
    [Range(1, 20)]
    public int TransientAttempts { get; set; } = 5;

    /// <summary>First delay between those attempts; doubles each time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan TransientDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public (int First, int Last) VmidRange(Catalog.ServerKind kind) =>
        kind == Catalog.ServerKind.Game ? (GameVmidFirst, GameVmidLast) : (DevVmidFirst, DevVmidLast);
}
