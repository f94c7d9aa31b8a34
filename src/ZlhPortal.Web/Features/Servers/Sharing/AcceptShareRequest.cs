namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>Body of <c>POST /api/v1/shares/accept</c>: the token from the invitation link.</summary>
public sealed record AcceptShareRequest(string? Token);
