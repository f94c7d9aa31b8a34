namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>Something the reconciler found that needs an admin's decision.</summary>
public sealed record ReconcilerFinding(FindingKind Kind, int Vmid, string Node, int? ServerId, string Description, DateTimeOffset FoundAt);
