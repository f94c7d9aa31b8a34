namespace ZlhPortal.Web.Features.Provisioning.Nodes;

public sealed record MigrateServerRequest(string? Target);
