namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>
/// Carries out the operations <see cref="ServerLifecycle"/> has claimed on a server (Provisioning queues each as a
/// durable job that drives the runtime). The claim is already stored when these are called, so a request lost between
/// the two is resumed by the reconciler.
/// </summary>
public interface IServerOperations
{
    void Provision(int serverId);

    void Power(int serverId, PowerAction action);

    void Suspend(int serverId);

    void Reinstall(int serverId);

    void Delete(int serverId);

    /// <summary>Applies another plan's resources to the server.</summary>
    void Resize(int serverId, int planId);
}
