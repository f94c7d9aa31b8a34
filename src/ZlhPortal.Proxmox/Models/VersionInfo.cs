namespace ZlhPortal.Proxmox.Models;

public sealed record VersionInfo
{
    public string Version { get; init; } = "";

    public string Release { get; init; } = "";

    public string RepoId { get; init; } = "";
}
