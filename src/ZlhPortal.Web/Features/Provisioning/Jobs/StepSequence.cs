using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>
/// The loop setup and reinstall share: each step not yet succeeded is marked running, run, and marked succeeded; a
/// transient failure marks it waiting and escapes so the job queue retries; a permanent one is handed back. Before each
/// step the server is read again, so work an admin has since cancelled (force delete) stops at a step boundary.
/// </summary>
public static class StepSequence
{
    public static async Task<StepSequenceResult> RunAsync(
        ServerStore store, HostedServer server, IEnumerable<ProvisioningStep> steps, Func<HostedServer, bool> stillWanted,
        Func<ProvisioningStep, Task<string?>> run, CancellationToken ct)
    {
        foreach (var step in steps)
        {
            if (server.Steps.FirstOrDefault(s => s.Step == step)?.State == StepState.Succeeded)
            {
                continue;
            }

            if (await store.LoadAsync(server.Id, ct) is not { } current || !stillWanted(current))
            {
                return new StepSequenceResult(false);
            }

            await store.StepStartedAsync(server.Id, step, ct);
            try
            {
                await store.StepSucceededAsync(server.Id, step, await run(step), ct);
            }
            catch (TransientRuntimeException e)
            {
                await store.StepWaitingAsync(server.Id, step, $"Waiting for the platform: {e.Message}", ct);
                throw;
            }
            catch (ProvisioningException e)
            {
                return new StepSequenceResult(false, step, e);
            }
        }

        return new StepSequenceResult(true);
    }
}
