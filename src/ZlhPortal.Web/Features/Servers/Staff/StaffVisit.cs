namespace ZlhPortal.Web.Features.Servers.Staff;

/// <summary>Staff looking at or into a customer's server lately, as the customer's server page lists it.</summary>
public sealed record StaffVisit(DateTimeOffset At, string Actor, string Text);
