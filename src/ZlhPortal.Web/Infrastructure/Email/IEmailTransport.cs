namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary>Delivers a composed message: to a pickup folder in the embedded default, or over SMTP.</summary>
public interface IEmailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
