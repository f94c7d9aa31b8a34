using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>The simulator the embedded default starts in-process (only with <c>Runtime:Mode = Simulator</c>).</summary>
public sealed class EmbeddedSimulatorOptions
{
    public const string SectionName = "Runtime:Simulator";

    /// <summary>State file (containers survive restarts); empty = <c>{Portal:DataDirectory}/simulator/state.json</c>; <c>:memory:</c> keeps none.</summary>
    [MaxLength(1000)]
    public string? StateFile { get; set; }

    /// <summary>Loopback block the simulated containers' agents listen on.</summary>
    [Required, RegularExpression(@"^127\.\d{1,3}\.\d{1,3}\.\d{1,3}/\d{1,2}$")]
    public string AgentAddressBlock { get; set; } = "127.77.0.0/16";

    /// <summary>How long Proxmox tasks (clone, start, stop…) take.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a server's first install takes inside the container.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan InstallDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long the game or dev process takes to start or stop.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ProcessStartDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a new container shows as 'unknown' in cluster resources, as on a real cluster.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NewGuestStatusDelay { get; set; } = TimeSpan.FromSeconds(10);
}
