namespace ZlhPortal.Web.Features.Settings.Api;

public sealed record PlayerResponse(string Name);
