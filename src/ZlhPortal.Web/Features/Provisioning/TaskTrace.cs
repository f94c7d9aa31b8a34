using ZlhPortal.Proxmox;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// What a call that starts a Proxmox task (clone, start, destroy) has left on the runtime, read before the call is sent
/// again: its answer may have been lost after Proxmox acted on it.
/// </summary>
public sealed record TaskTrace
{
    private TaskTrace(bool isDone, bool isUnderway, Upid? task)
    {
        IsDone = isDone;
        IsUnderway = isUnderway;
        Task = task;
    }

    /// <summary>No sign of it: it never ran, or it failed and Proxmox undid it. Sending it (again) is safe.</summary>
    public static TaskTrace None { get; } = new(false, false, null);

    /// <summary>Its result is there (the container exists, runs, or is gone): nothing is left to do.</summary>
    public static TaskTrace Done { get; } = new(true, false, null);

    public bool IsDone { get; }

    public bool IsUnderway { get; }

    /// <summary>The task still running, when Proxmox lists it.</summary>
    public Upid? Task { get; }

    /// <summary>
    /// It is running: <paramref name="task"/> is its task, or null when only its mark shows (a lock) and not its task
    /// (it has just ended, or was cut short); then look again later.
    /// </summary>
    public static TaskTrace Underway(Upid? task) => new(false, true, task);
}
