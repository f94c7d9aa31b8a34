using Hangfire;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>Turns the operations a server's lifecycle claimed into the durable jobs that drive the runtime.</summary>
public sealed class ServerJobQueue(IBackgroundJobClient jobs) : IServerOperations
{
    public void Provision(int serverId) => jobs.Enqueue<ProvisionServerJob>(job => job.RunAsync(serverId, CancellationToken.None));

    public void Power(int serverId, PowerAction action) => jobs.Enqueue<PowerServerJob>(job => job.RunAsync(serverId, action, CancellationToken.None));

    public void Suspend(int serverId) => jobs.Enqueue<PowerServerJob>(job => job.SuspendAsync(serverId, CancellationToken.None));

    public void Reinstall(int serverId) => jobs.Enqueue<ReinstallServerJob>(job => job.RunAsync(serverId, CancellationToken.None));

    public void Delete(int serverId) => jobs.Enqueue<DeleteServerJob>(job => job.RunAsync(serverId, CancellationToken.None));

    public void Resize(int serverId, int planId) => jobs.Enqueue<ResizeServerJob>(job => job.RunAsync(serverId, planId, CancellationToken.None));
}
