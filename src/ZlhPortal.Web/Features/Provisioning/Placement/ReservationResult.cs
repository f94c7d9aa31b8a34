
namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>The outcome of <see cref="ServerPlacement.ReserveCapacityAsync"/>.</summary>
public sealed record ReservationResult(CapacityReservation? Reservation, string? Problem)
{
    public bool Reserved => Reservation is not null;
}
