namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>
/// Told of each line <see cref="ServerHistory.RecordAsync"/> saved (once: a line refused by its once-key is not passed on),
/// so another part can act on what happens to a server without the writers knowing it. Called after the save, in the
/// writer's flow: keep it short, and what it throws is logged, never passed to the writer. Lines added to a caller's unit
/// of work (<see cref="ServerHistory.Add"/>) are not passed on. Registered as singletons (ServerHistory is one).
/// </summary>
public interface IHistoryObserver
{
    Task SavedAsync(SavedHistoryEntry entry, CancellationToken ct);
}
