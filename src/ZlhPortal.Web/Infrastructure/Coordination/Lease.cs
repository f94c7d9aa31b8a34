namespace ZlhPortal.Web.Infrastructure.Coordination;

/// <summary>
/// A named right to do one piece of work (a server's operation, clones of one template, placement), held by one
/// process at a time until it is released or <see cref="ExpiresAt"/> passes without a renewal.
/// </summary>
public sealed class Lease
{
    public required string Key { get; set; }

    /// <summary>Who holds it: the instance and one acquisition (<c>{instance}/{acquisition}</c>).</summary>
    public required string Owner { get; set; }

    public DateTimeOffset AcquiredAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
