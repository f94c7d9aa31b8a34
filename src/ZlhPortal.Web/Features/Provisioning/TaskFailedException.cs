using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>A Proxmox task ran and ended with an error exit status.</summary>
public sealed class TaskFailedException(string what, ProxmoxError error) : Exception($"{what}: task failed: {error.ExitStatus ?? error.Message}")
{
    public ProxmoxError Error { get; } = error;
}
