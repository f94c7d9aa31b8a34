using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure;

/// <summary>Settings that apply to the whole portal.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>Folder for the SQLite database, the email pickup folder and other local state; relative to the content root.</summary>
    [Required, MaxLength(1000)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Product name shown in the UI and in emails.</summary>
    [Required, MaxLength(100)]
    public string Name { get; set; } = "ZeroLagHub";

    /// <summary>The address customers reach the portal at; links in emails sent by background jobs (invoices, reminders) start with it.</summary>
    [Required, Url]
    public string PublicUrl { get; set; } = "http://localhost:5180";

    /// <summary>
    /// Serve only HTTPS: secure, <c>__Host-</c> cookies, HSTS and redirects. Empty means on everywhere but in Development.
    /// Behind a TLS-terminating proxy, the proxy must send X-Forwarded-Proto.
    /// </summary>
    public bool? RequireHttps { get; set; }

    public static bool IsHttpsRequired(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>($"{SectionName}:{nameof(RequireHttps)}") ?? !environment.IsDevelopment();

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, DataDirectory));
}
