namespace ZlhPortal.Proxmox.Models;

/// <summary>Parameters of <c>POST /nodes/{node}/vzdump</c>. Call it on the guest's node: elsewhere it answers "OK" and does nothing.</summary>
public sealed record VzdumpRequest(int Vmid)
{
    public string? Storage { get; init; }

    /// <summary><c>snapshot</c> (default), <c>suspend</c> or <c>stop</c>.</summary>
    public string? Mode { get; init; }

    /// <summary><c>0</c>, <c>gzip</c>, <c>lzo</c> or <c>zstd</c>.</summary>
    public string? Compress { get; init; }

    /// <summary>
    /// Notes for the backup; <c>{{guestname}}</c>, <c>{{node}}</c>, <c>{{vmid}}</c> and <c>{{cluster}}</c> are filled
    /// in. One line, no backslashes.
    /// </summary>
    public string? NotesTemplate { get; init; }

    /// <summary>Marks the backup protected: it cannot be removed until protection is taken off. Needs <see cref="Storage"/>.</summary>
    public bool? Protected { get; init; }
}
