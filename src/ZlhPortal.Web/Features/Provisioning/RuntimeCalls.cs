using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// Proxmox calls as provisioning needs them: transient failures (node away, timeout, lock held) retried a few
/// times with backoff and then surfaced as <see cref="TransientRuntimeException"/> so the job runs again later;
/// everything else surfaced as <see cref="ProvisioningException"/>. A call that starts a task is not repeated after
/// its answer was lost without first looking for the task or its result (DESIGN.md §10).
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
            delay = await PauseAsync(delay, result.Error!.Kind, ct);
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

        await WaitForTaskAsync(what, started.Data!, ct);
    }

    /// <summary>
    /// Starts a task and waits until it ends, for a start that must not run twice. A start whose answer was lost (the
    /// connection dropped, or timed out) may have reached Proxmox, and a start refused as already done (already exists,
    /// already running, does not exist) may be meeting such an earlier one's work: either way <paramref name="find"/>
    /// looks for the task or its result first. A result found is success, a task found running is waited for as if
    /// this start had started it, and only a lost start with no trace at all is sent again.
    /// </summary>
    public async Task RunTaskAsync(
        string what, Func<CancellationToken, Task<ProxmoxResult<Upid>>> start, Func<CancellationToken, Task<TaskTrace>> find, CancellationToken ct)
    {
        var delay = options.Value.TransientDelay;
        for (var attempt = 1; ; attempt++)
        {
            var started = await start(ct);
            if (started.IsSuccess)
            {
                await WaitForTaskAsync(what, started.Data!, ct);
                return;
            }

            var error = started.Error!;
            var lost = error.Kind is ProxmoxErrorKind.NodeUnreachable or ProxmoxErrorKind.Timeout;
            if (lost || error.Kind is ProxmoxErrorKind.AlreadyExists or ProxmoxErrorKind.NotFound or ProxmoxErrorKind.Other)
            {
                logger.LogInformation("{What} {Outcome} ({Error}); looking for its task or its result before anything else",
                    what, lost ? "got no answer" : "was refused", error);
                if (await FollowTraceAsync(what, find, ct))
                {
                    return;
                }

                if (!lost)
                {
                    throw Permanent(what, error);
                }
            }
            else if (error.Kind != ProxmoxErrorKind.Locked)
            {
                throw Permanent(what, error);
            }

            if (attempt >= options.Value.TransientAttempts)
            {
                throw new TransientRuntimeException($"{what}: {error}");
            }

            logger.LogInformation("{What} failed transiently ({Error}); attempt {Attempt} of {Attempts}", what, error, attempt, options.Value.TransientAttempts);
            delay = await PauseAsync(delay, error.Kind, ct);
        }
    }

    /// <summary>Acts on what <paramref name="find"/> reports: true once the work is done (found done, or its task waited for), false when there is no trace of it.</summary>
    private async Task<bool> FollowTraceAsync(string what, Func<CancellationToken, Task<TaskTrace>> find, CancellationToken ct)
    {
        var delay = options.Value.TransientDelay;
        for (var attempt = 1; ; attempt++)
        {
            var trace = await find(ct);
            if (trace.Task is { } task)
            {
                await WaitForTaskAsync(what, task, ct);
                return true;
            }

            if (!trace.IsUnderway)
            {
                return trace.IsDone;
            }

            if (attempt >= options.Value.TransientAttempts)
            {
                throw new TransientRuntimeException($"{what}: under way on the runtime, but its task is not listed.");
            }

            // Its mark (a lock) shows but not its task: it has just ended, or was cut short; look again like at a lock.
            delay = await PauseAsync(delay, ProxmoxErrorKind.Locked, ct);
        }
    }

    /// <summary>Waits for a task started earlier (by a run of the job that died) to end; a failed task throws with its exit status.</summary>
    public async Task WaitForTaskAsync(string what, Upid task, CancellationToken ct)
    {
        var finished = await proxmox.WaitForTaskAsync(task, options.Value.TaskTimeout, ct);
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

    /// <summary>Waits <paramref name="delay"/> (with jitter) and returns the next delay.</summary>
    private async Task<TimeSpan> PauseAsync(TimeSpan delay, ProxmoxErrorKind kind, CancellationToken ct)
    {
        await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 2))), ct);
        // A lock is someone else's task that ends by itself (clones of a template queue on it): keep looking at a
        // steady pace rather than doubling past the moment it clears. Other faults back off further.
        return kind == ProxmoxErrorKind.Locked
            ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.TransientDelay.Ticks * 4))
            : delay * 2;
    }

    public static ProvisioningException Permanent(string what, ProxmoxError? error) =>
        new("The hosting platform refused to set up your server. Our team has been told.", $"{what}: {error}");
}
