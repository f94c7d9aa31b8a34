using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>A customer's game or dev server and the durable state of its lifecycle.</summary>
public sealed class HostedServer
{
    public const int NameMaxLength = 60;

    /// <summary>The longest reason staff may give for acting on a server (the customer reads it).</summary>
    public const int StaffReasonMaxLength = 500;

    public int Id { get; set; }

    public string OwnerId { get; set; } = "";

    public string Name { get; set; } = "";

    public ServerKind Kind { get; set; }

    public int PlanId { get; set; }

    public int TemplateId { get; set; }

    /// <summary>The game or runtime version installed; null for the template's default (servers made before versions could change).</summary>
    public string? GameVersion { get; set; }

    /// <summary>The version a version change in progress installs (null when none is); see <see cref="ServerOperation.ChangeVersion"/>.</summary>
    public string? RequestedGameVersion { get; set; }

    public ServerStatus Status { get; set; } = ServerStatus.Provisioning;

    /// <summary>What is being done to the server right now; one at a time.</summary>
    public ServerOperation Operation { get; set; }

    public DateTimeOffset? OperationStartedAt { get; set; }

    public string? Node { get; set; }

    public int? Vmid { get; set; }

    public string? IpAddress { get; set; }

    public string? Hostname { get; set; }

    /// <summary>The public port leased from the edge's pool (Gateway mode, games not routed by hostname); unique while held.</summary>
    public int? PublicPort { get; set; }

    /// <summary>Whether players are routed to the server at the edge now (Velocity registration or Traefik route).</summary>
    public bool Published { get; set; }

    /// <summary>
    /// Whether the owner (or the billing run) last asked for the server to run: the reconciler starts or stops it when
    /// the recorded status differs because the job that was to do it was lost (a restart, an instance that died).
    /// </summary>
    public bool DesiredRunning { get; set; } = true;

    /// <summary>Whether billing or an admin wants the server suspended; the reconciler suspends or restores it to match.</summary>
    public bool DesiredSuspended { get; set; }

    /// <summary>
    /// Why staff suspended the server by hand (null when they did not). Distinct from billing's suspension: paying an
    /// overdue invoice does not lift it; only staff do (<see cref="Lifecycle.ServerLifecycle.StaffUnsuspendAsync"/>).
    /// </summary>
    public string? StaffSuspendedReason { get; set; }

    public DateTimeOffset? StaffSuspendedAt { get; set; }

    /// <summary>The email of the staff member who suspended it.</summary>
    public string? StaffSuspendedBy { get; set; }

    /// <summary>A plan paid for whose resources are not applied yet (null when <see cref="PlanId"/> is what is wanted).</summary>
    public int? DesiredPlanId { get; set; }

    /// <summary>Why the server failed, in words a customer understands.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Technical detail for admins.</summary>
    public string? FailureDetail { get; set; }

    /// <summary>Why the last power action failed, for the customer; cleared by the next one that succeeds.</summary>
    public string? LastActionError { get; set; }

    /// <summary>The per-server credential the agent checks, protected with data protection.</summary>
    public string AgentCredentialProtected { get; set; } = "";

    /// <summary>Created by an admin without payment.</summary>
    public bool Complimentary { get; set; }

    /// <summary>The paid order this server was made for (null for complimentary servers).</summary>
    public int? OrderId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two writers never both win.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<ServerStep> Steps { get; set; } = [];

    /// <summary>Power actions that failed, oldest first; kept after the alert is cleared.</summary>
    public List<ServerActionFailure> ActionFailures { get; set; } = [];
}
