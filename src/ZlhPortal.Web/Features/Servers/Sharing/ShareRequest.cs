namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>Body of <c>POST /api/v1/servers/{id}/shares</c> (and of the <c>PUT</c> that changes one, which ignores the email).</summary>
public sealed record ShareRequest(string? Email, IReadOnlyList<string?>? Permissions, bool? ReadOnlyConsole);
