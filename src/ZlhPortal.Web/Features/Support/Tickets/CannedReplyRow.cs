namespace ZlhPortal.Web.Features.Support.Tickets;

public sealed record CannedReplyRow(int Id, string Title, string Body);
