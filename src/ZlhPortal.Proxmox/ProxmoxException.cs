namespace ZlhPortal.Proxmox;

/// <summary>Thrown only by <see cref="ProxmoxResult{T}.GetDataOrThrow"/>; the client itself returns results.</summary>
public sealed class ProxmoxException(ProxmoxError error, int statusCode)
    : Exception($"Proxmox API call failed ({statusCode}): {error}")
{
    public ProxmoxError Error { get; } = error;

    public int StatusCode { get; } = statusCode;
}
