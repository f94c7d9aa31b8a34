namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>The reconciler's latest findings, for the admin page.</summary>
public sealed class ReconcilerFindings
{
    private volatile IReadOnlyList<ReconcilerFinding> current = [];

    public IReadOnlyList<ReconcilerFinding> Current => current;

    public DateTimeOffset? LastRun { get; private set; }

    public void Replace(IReadOnlyList<ReconcilerFinding> findings, DateTimeOffset at)
    {
        current = findings;
        LastRun = at;
    }
}
