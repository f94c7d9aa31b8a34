using System.Globalization;
using ZlhPortal.Web.Infrastructure.Coordination;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// The operation lease of a server (<c>server:{id}</c>): the jobs that drive it hold it while they run, on whichever
/// instance, so at most one of them works on a server at a time. The reconciler resumes only work nobody holds.
/// </summary>
public sealed class ServerLocks(Leases leases)
{
    public const string Prefix = "server:";

    /// <summary>Waits in turn for the server's lease; dispose to give it back.</summary>
    public Task<HeldLease> EnterAsync(int serverId, CancellationToken ct) => leases.AcquireAsync(Prefix + serverId, ct);

    /// <summary>Servers with a lease row: true while its holder renews it, false once it ran out (the holder died).</summary>
    public async Task<Dictionary<int, bool>> StatesAsync(CancellationToken ct) =>
        (await leases.StatesAsync(Prefix, ct)).ToDictionary(l => int.Parse(l.Key[Prefix.Length..], CultureInfo.InvariantCulture), l => l.Value);
}
