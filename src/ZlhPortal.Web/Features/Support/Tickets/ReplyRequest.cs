namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>Body of <c>POST /api/v1/tickets/{id}/replies</c>; <see cref="Internal"/> (staff only) leaves a note the customer does not see.</summary>
public sealed record ReplyRequest(string? Body, bool? Internal);
