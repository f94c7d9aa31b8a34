namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Body of <c>POST /api/v1/tickets</c> (JSON, or the same fields as multipart form with files).</summary>
public sealed record TicketRequest(string? Subject, string? Body, int? ServerId);
