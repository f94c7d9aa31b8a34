using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary>How the portal sends email.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Pickup;

    [Required, EmailAddress, MaxLength(254)]
    public string FromAddress { get; set; } = "no-reply@zerolaghub.local";

    [Required, MaxLength(100)]
    public string FromName { get; set; } = "ZeroLagHub";

    /// <summary>Folder for .eml files; empty means <c>{Portal:DataDirectory}/mail</c>.</summary>
    [MaxLength(1000)]
    public string? PickupDirectory { get; set; }

    [MaxLength(255)]
    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    [MaxLength(255)]
    public string? SmtpUsername { get; set; }

    /// <summary>Set from the environment (<c>Email__SmtpPassword</c>), never in a committed file.</summary>
    [MaxLength(1000)]
    public string? SmtpPassword { get; set; }

    /// <summary>Use STARTTLS on a plain port or TLS on connect, as MailKit decides from the port when true.</summary>
    public bool SmtpRequireTls { get; set; } = true;
}
