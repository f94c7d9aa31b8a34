namespace ZlhPortal.Proxmox;

/// <summary>What went wrong, in terms a caller can act on.</summary>
public enum ProxmoxErrorKind
{
    Other,
    NotFound,
    Locked,
    AlreadyExists,
    PermissionDenied,
    Unauthorized,
    NodeUnreachable,
    Timeout,
    TaskFailed,
    InvalidParameter,
}
