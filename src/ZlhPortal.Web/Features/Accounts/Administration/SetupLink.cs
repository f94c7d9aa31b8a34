namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>A one-time link to choose an account's password, and the address to sign in with afterwards.</summary>
public sealed record SetupLink(string Email, string Link);
