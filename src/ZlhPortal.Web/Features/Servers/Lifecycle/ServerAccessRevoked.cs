namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Whoever holds a console or IDE on the server (only <see cref="UserId"/>, when set: someone it is no longer shared with),
/// on any instance, loses it; <see cref="Reason"/> tells them why.
/// </summary>
public sealed record ServerAccessRevoked(int ServerId, string Reason, string? UserId = null);
