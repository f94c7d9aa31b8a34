using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>
/// Room on a node and a VMID held for an order before it is paid. Placement counts live reservations as used;
/// an unpaid one lapses at <see cref="ExpiresAt"/>, a paid one is handed to the server it was for.
/// </summary>
public sealed class CapacityReservation
{
    public int Id { get; set; }

    public ServerKind Kind { get; set; }

    public int PlanId { get; set; }

    /// <summary>Null when the cluster could not be asked (it was unreachable): placement then happens at provisioning.</summary>
    public string? Node { get; set; }

    public int? Vmid { get; set; }

    /// <summary>The public port held for the order's game (Gateway mode, games not routed by hostname).</summary>
    public int? PublicPort { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The server that took the reservation over.</summary>
    public int? ServerId { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }
}
