namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Someone a ticket can be assigned to.</summary>
public sealed record StaffMember(string Id, string Email);
