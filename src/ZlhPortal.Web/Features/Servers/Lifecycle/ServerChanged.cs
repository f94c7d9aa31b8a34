namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>A server's state changed; pages showing it reload.</summary>
public sealed record ServerChanged(int ServerId, string OwnerId);
