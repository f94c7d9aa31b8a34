namespace ZlhPortal.Web.Features.Servers.History;

public sealed record HistoryEntryView(long Id, DateTimeOffset At, HistoryKind Kind, string Actor, string Text);
