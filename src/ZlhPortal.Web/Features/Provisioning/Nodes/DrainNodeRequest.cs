namespace ZlhPortal.Web.Features.Provisioning.Nodes;

public sealed record DrainNodeRequest(bool? Draining, string? Reason);
