namespace ZlhPortal.Web.Infrastructure.Runtime;

public enum RuntimeMode
{
    /// <summary>The built-in simulator, started in-process on loopback (the embedded default).</summary>
    Simulator,

    /// <summary>A real Proxmox VE cluster (<c>Runtime:Proxmox</c>) and DNS server (<c>Runtime:Dns</c>).</summary>
    Proxmox,
}
