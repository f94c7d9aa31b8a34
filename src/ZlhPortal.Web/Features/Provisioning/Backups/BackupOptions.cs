using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Provisioning.Backups;

/// <summary>Where and how servers are backed up (<c>Backups:*</c>).</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Backups";

    /// <summary>The Proxmox storage backups go to: a Proxmox Backup Server storage (type <c>pbs</c>), shared by every node.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9._-]*$", ErrorMessage = "Backups:Storage must be a Proxmox storage id such as 'pbs'.")]
    public string Storage { get; set; } = "pbs";

    /// <summary>
    /// How long a backup may wait for the platform to take it (Proxmox unreachable) before it is given up and the server's
    /// slot freed, so its owner is not kept from starting or stopping it by a backup that cannot begin.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StartWithin { get; set; } = TimeSpan.FromMinutes(10);
}
