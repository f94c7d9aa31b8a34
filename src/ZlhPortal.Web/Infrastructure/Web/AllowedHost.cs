namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>A host name (or <c>*.domain</c>) a feature serves besides the portal's public one, e.g. the IDE hosts.</summary>
public sealed record AllowedHost(string Host);
