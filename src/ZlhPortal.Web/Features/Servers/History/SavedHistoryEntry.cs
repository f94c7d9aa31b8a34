namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>A history line as saved, with the server's owner at that moment.</summary>
public sealed record SavedHistoryEntry(long Id, int ServerId, string OwnerId, DateTimeOffset At, HistoryKind Kind, string Actor, string Text);
