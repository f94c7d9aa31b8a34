namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>Marks an endpoint that only WebSocket handshakes reach; plain requests to the same path go to the page.</summary>
internal sealed class WebSocketOnlyMetadata;
