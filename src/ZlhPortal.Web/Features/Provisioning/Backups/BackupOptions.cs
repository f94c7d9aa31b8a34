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
}
