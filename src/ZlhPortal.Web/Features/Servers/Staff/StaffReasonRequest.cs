namespace ZlhPortal.Web.Features.Servers.Staff;

/// <summary>Body of <c>POST /api/v1/admin/servers/{id}/suspend|unsuspend</c>: why, shown to the customer.</summary>
public sealed record StaffReasonRequest(string? Reason);
