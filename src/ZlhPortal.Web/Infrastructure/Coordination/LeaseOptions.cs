namespace ZlhPortal.Web.Infrastructure.Coordination;

/// <summary>Settings of <c>Leases</c>: how long a lease lasts without renewal and how often a waiter looks again.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    /// <summary>
    /// A lease not renewed for this long is free again: how long work of an instance that died (SIGKILL, power loss)
    /// stays blocked before another instance takes it over. Holders renew at a third of it.
    /// </summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a waiting acquirer looks again.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
