namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>The server an accepted invitation gives access to, and what the caller may do on it.</summary>
public sealed record AcceptedShareResponse(int ServerId, string ServerName, IReadOnlyList<string> Permissions, bool ReadOnlyConsole);
