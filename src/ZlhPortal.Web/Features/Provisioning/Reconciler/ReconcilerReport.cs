namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>
/// The reconciler's latest findings, kept in the database (one row) so every instance's admin page shows the same
/// report, whichever instance ran it.
/// </summary>
public sealed class ReconcilerReport
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    public DateTimeOffset RanAt { get; set; }

    /// <summary>The findings as JSON (a list of <see cref="ReconcilerFinding"/>).</summary>
    public string FindingsJson { get; set; } = "[]";
}
