namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

public enum FindingKind
{
    /// <summary>A container carrying this portal's tag that no live server owns.</summary>
    Orphan,

    /// <summary>A live server whose container is gone.</summary>
    MissingContainer,
}
