namespace ZlhPortal.Web.Features.Servers;

public sealed record ActionFailureView(int Id, ServerOperation Operation, DateTimeOffset RequestedAt, DateTimeOffset FailedAt, string Reason);
