namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>Where an API client opens a console: a WebSocket URL carrying a single-use ticket, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record ConsoleSocketResponse(string Socket, DateTimeOffset ExpiresAt);
