using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Email;

public sealed class SmtpEmailTransport(IOptions<EmailOptions> options, ILogger<SmtpEmailTransport> logger) : IEmailTransport
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var settings = options.Value;
        using var mime = MimeMessages.Create(settings, message);
        using var client = new SmtpClient();
        // With TLS required, a server that offers no STARTTLS (or a man in the middle stripping it) gets nothing:
        // Auto would quietly fall back to plain text and send reset links and invoices in the clear.
        var security = !settings.SmtpRequireTls ? SecureSocketOptions.None
            : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(settings.SmtpUsername))
        {
            await client.AuthenticateAsync(settings.SmtpUsername, settings.SmtpPassword ?? "", ct);
        }

        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
        logger.LogInformation("Email '{Subject}' sent to {To}", message.Subject, message.To);
    }
}
