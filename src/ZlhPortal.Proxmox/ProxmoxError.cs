namespace ZlhPortal.Proxmox;

/// <summary>A classified failure. <see cref="LockName"/> is set for <see cref="ProxmoxErrorKind.Locked"/>,
/// <see cref="ExitStatus"/> for <see cref="ProxmoxErrorKind.TaskFailed"/>.</summary>
public sealed record ProxmoxError(ProxmoxErrorKind Kind, string Message)
{
    public string? LockName { get; init; }

    public string? ExitStatus { get; init; }

    public override string ToString() => $"{Kind}: {Message}";
}
