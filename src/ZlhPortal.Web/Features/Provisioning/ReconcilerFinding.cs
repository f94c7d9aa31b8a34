namespace ZlhPortal.Web.Features.Provisioning;

public enum FindingKind
{
    /// <summary>A container carrying this portal's tag that no live server owns.</summary>
    Orphan,

    /// <summary>A live server whose container is gone.</summary>
    MissingContainer,
}

/// <summary>Something the reconciler found that needs an admin's decision.</summary>
public sealed record ReconcilerFinding(FindingKind Kind, int Vmid, string Node, int? ServerId, string Description, DateTimeOffset FoundAt);
