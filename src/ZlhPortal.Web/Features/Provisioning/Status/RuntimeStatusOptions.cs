using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>How often the portal reads the cluster's guest list for live status (one call per interval for all servers).</summary>
public sealed class RuntimeStatusOptions
{
    public const string SectionName = "Provisioning:Status";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the agent of a server someone has open is asked for the game's state and resource use.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ViewedAgentInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every running server's agent is asked, whether or not anyone is looking.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AgentInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the reconciler compares the database with the cluster.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A server with no progress for this long is resumed by the reconciler.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);
}
