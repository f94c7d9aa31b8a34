namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>Support opened the console of a customer's server, giving <see cref="Reason"/>; the customer's open console pages say so, on any instance.</summary>
public sealed record SupportConsoleOpened(int ServerId, string Reason);
