namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>What a person may do on a server. The owner has all of them; a friend the server is shared with has those given.</summary>
[Flags]
public enum ServerPermissions
{
    None = 0,
    Console = 1,
    Power = 2,
    Files = 4,
    Backups = 8,
    Settings = 16,
    Schedules = 32,
    All = Console | Power | Files | Backups | Settings | Schedules,
}
