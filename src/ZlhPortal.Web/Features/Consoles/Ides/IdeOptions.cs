using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>Where dev servers' IDEs are served (each on its own origin) and how long an IDE cookie lasts.</summary>
public sealed class IdeOptions
{
    public const string SectionName = "Ides";

    /// <summary>
    /// Host under which each IDE gets its own origin, <c>{serverId}.{BaseDomain}</c>, served by the portal on its own port.
    /// A name under the portal's domain works because portal cookies are host-only; a separate registrable domain
    /// (as GitHub's user-content domain) also keeps IDE code from setting cookies on the portal's parent domain.
    /// </summary>
    [Required, MaxLength(200), RegularExpression(@"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$")]
    public string BaseDomain { get; set; } = "ide.localhost";

    /// <summary>
    /// The portal's address, for the "open it again from the portal" links on the IDE host's refusal pages.
    /// Empty: derived from <see cref="BaseDomain"/> by dropping its first label (<c>ide.example.com</c> → <c>example.com</c>).
    /// </summary>
    [MaxLength(200)]
    public string PortalUrl { get; set; } = "";

    /// <summary>
    /// Address of the IDE gateway, e.g. <c>http://0.0.0.0:8081</c>: a listener of its own in the portal process that
    /// serves IDE hosts only, without the portal's per-request pipeline (the runtime Traefik routes
    /// <c>*.{BaseDomain}</c> to it). Empty: IDE hosts are served on the portal's own port. Port 0 picks a free one.
    /// </summary>
    [MaxLength(200)]
    public string Listen { get; set; } = "";

    /// <summary>How long an IDE cookie stays valid without use; each use past half of it renews it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How long an IDE cookie lasts at most, however much it is used; then the IDE is opened again from the portal.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(12);
}
