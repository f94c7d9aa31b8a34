namespace ZlhPortal.Web.Features.Servers;

/// <summary>
/// What deciding whether a console or IDE may stay open on a server needs: its owner, state and current operation, and
/// those it is shared with who may hold its console (<see cref="ConsoleUsers"/>) or its IDE (<see cref="IdeUsers"/>).
/// </summary>
public sealed record ServerAccessView(int Id, string OwnerId, ServerStatus Status, ServerOperation Operation, DateTimeOffset? OperationStartedAt)
{
    public IReadOnlySet<string> ConsoleUsers { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> IdeUsers { get; init; } = new HashSet<string>();
}
