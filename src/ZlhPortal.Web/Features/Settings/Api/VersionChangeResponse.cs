namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary>A version change accepted: the server's operation shows its progress; <c>GET …/settings</c> reports the version once done.</summary>
public sealed record VersionChangeResponse(string Version, string Message);
