namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>Where an API client sends a browser to open a dev server's IDE: a single-use link, valid until <see cref="ExpiresAt"/>.</summary>
public sealed record IdeLinkResponse(string Url, DateTimeOffset ExpiresAt);
