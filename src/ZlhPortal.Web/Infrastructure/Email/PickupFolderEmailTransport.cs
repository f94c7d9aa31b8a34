using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary>Writes each message as an .eml file, which any mail client opens.</summary>
public sealed class PickupFolderEmailTransport(
    IOptions<EmailOptions> options, IOptions<PortalOptions> portal, IHostEnvironment environment, TimeProvider time,
    ILogger<PickupFolderEmailTransport> logger) : IEmailTransport
{
    public string Directory { get; } = ResolveDirectory(options.Value, portal.Value, environment);

    public static string ResolveDirectory(EmailOptions email, PortalOptions portal, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(email.PickupDirectory)
            ? Path.Combine(portal.ResolveDataDirectory(environment.ContentRootPath), "mail")
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, email.PickupDirectory));

    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{time.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml";
        var temp = Path.Combine(Directory, name + ".tmp");
        using (var mime = MimeMessages.Create(options.Value, message))
        {
            await mime.WriteToAsync(temp, ct);
        }

        // Rename last so a reader polling the folder never sees a half-written file.
        File.Move(temp, Path.Combine(Directory, name));
        logger.LogInformation("Email '{Subject}' to {To} written to {File}", message.Subject, message.To, name);
    }
}
