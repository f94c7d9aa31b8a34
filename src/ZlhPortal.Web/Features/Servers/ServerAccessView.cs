namespace ZlhPortal.Web.Features.Servers;

/// <summary>What deciding whether a console or IDE may stay open on a server needs: its owner, state and current operation.</summary>
public sealed record ServerAccessView(int Id, string OwnerId, ServerStatus Status, ServerOperation Operation, DateTimeOffset? OperationStartedAt);
