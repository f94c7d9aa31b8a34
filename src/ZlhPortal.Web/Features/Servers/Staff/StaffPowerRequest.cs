namespace ZlhPortal.Web.Features.Servers.Staff;

/// <summary>Body of <c>POST /api/v1/admin/servers/{id}/power</c>: start, stop or restart, and why (shown to the customer).</summary>
public sealed record StaffPowerRequest(string? Action, string? Reason);
