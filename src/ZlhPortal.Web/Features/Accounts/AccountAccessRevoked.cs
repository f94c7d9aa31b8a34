namespace ZlhPortal.Web.Features.Accounts;

/// <summary>The account's consoles and IDE sessions end, on any instance; <see cref="Reason"/> tells the user why.</summary>
public sealed record AccountAccessRevoked(string UserId, string Reason);
