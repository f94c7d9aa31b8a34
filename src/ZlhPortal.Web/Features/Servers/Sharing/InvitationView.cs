namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>What an invitation link offers, shown before it is accepted.</summary>
public sealed record InvitationView(int ServerId, string ServerName, string OwnerEmail, string InvitedEmail, ServerPermissions Permissions, bool ReadOnlyConsole);
