using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// Proxmox calls as provisioning needs them: transient failures (node away, timeout, lock held) retried a few
/// times with backoff and then surfaced as <see cref="TransientRuntimeException"/> so the job runs again later;
/// everything else surfaced as <see cref="ProvisioningException"/>.
/// </summary>
public sealed class RuntimeCalls(ProxmoxClient proxmox, IOptions<ProvisioningOptions> options, ILogger<RuntimeCalls> logger)
{
    public ProxmoxClient Proxmox => proxmox;

    public static bool IsTransient(ProxmoxError? error) =>
        error?.Kind is ProxmoxErrorKind.NodeUnreachable or ProxmoxErrorKind.Timeout or ProxmoxErrorKind.Locked;

    /// <summary>
    /// Calls <paramref name="call"/> until it succeeds, fails for a non-transient reason (returned to the caller), or
    /// runs out of attempts. Use only for reads, idempotent writes, and actions refused with a lock (they did not happen).
    /// </summary>
    public async Task<ProxmoxResult<T>> CallAsync<T>(string what, Func<CancellationToken, Task<ProxmoxResult<T>>> call, CancellationToken ct)
    {
        var delay = options.Value.TransientDelay;
        for (var attempt = 1; ; attempt++)
        {
            var result = await call(ct);
            if (!IsTransient(result.Error))
            {
                return result;
            }

            if (attempt >= options.Value.TransientAttempts)
            {
                throw new TransientRuntimeException($"{what}: {result.Error}");
            }

            logger.LogInformation("{What} failed transiently ({Error}); attempt {Attempt} of {Attempts}", what, result.Error, attempt, options.Value.TransientAttempts);
            await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 2))), ct);
            // A lock is someone else's task that ends by itself (clones of a template queue on it): keep looking at a
            // steady pace rather than doubling past the moment it clears. Other faults back off further.
            delay = result.Error!.Kind == ProxmoxErrorKind.Locked
                ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.TransientDelay.Ticks * 4))
                : delay * 2;
        }
    }

    /// <summary>Starts a task (clone, start, stop…) and waits until it ends; a failed task throws with its exit status.</summary>
    public async Task RunTaskAsync(string what, Func<CancellationToken, Task<ProxmoxResult<Upid>>> start, CancellationToken ct)
    {
        var started = await CallAsync(what, start, ct);
        if (!started.IsSuccess)
        {
            throw Permanent(what, started.Error);
        }

        var finished = await proxmox.WaitForTaskAsync(started.Data!, options.Value.TaskTimeout, ct);
        if (finished.IsSuccess)
        {
            return;
        }

        if (IsTransient(finished.Error))
        {
            throw new TransientRuntimeException($"{what}: {finished.Error}");
        }

        throw new TaskFailedException(what, finished.Error!);
    }

    public static ProvisioningException Permanent(string what, ProxmoxError? error) =>
        new("The hosting platform refused to set up your server. Our team has been told.", $"{what}: {error}");
}
