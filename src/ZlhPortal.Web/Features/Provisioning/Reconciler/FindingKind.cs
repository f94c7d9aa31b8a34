namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

public enum FindingKind
{
    /// <summary>A container carrying this portal's tag that no live server owns.</summary>
    Orphan,

    /// <summary>A live server whose container is gone.</summary>
    MissingContainer,

    /// <summary>A server players could not reach as published (a lost Velocity registration or DNS record); the reconciler restored it.</summary>
    EdgeRepaired,

    /// <summary>A Velocity registration in the portal's zone that no published server owns; the reconciler removed it.</summary>
    EdgeStray,
}
