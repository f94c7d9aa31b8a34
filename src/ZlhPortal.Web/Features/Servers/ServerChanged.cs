namespace ZlhPortal.Web.Features.Servers;

/// <summary>A server's state changed; pages showing it reload.</summary>
public sealed record ServerChanged(int ServerId, string OwnerId);
