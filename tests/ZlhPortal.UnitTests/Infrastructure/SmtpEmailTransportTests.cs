using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.UnitTests.Infrastructure;

/// <summary>Mail with SmtpRequireTls never falls back to plain text when the server does not offer STARTTLS.</summary>
public sealed class SmtpEmailTransportTests
{
    [Fact]
    public async Task A_server_without_starttls_gets_no_message_when_tls_is_required()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = PlainTextServerAsync(listener);
        var transport = new SmtpEmailTransport(Options.Create(new EmailOptions
        {
            Delivery = EmailDelivery.Smtp, SmtpHost = "127.0.0.1", SmtpPort = port, SmtpRequireTls = true,
        }), NullLogger<SmtpEmailTransport>.Instance);

        var failure = await Record.ExceptionAsync(() => transport.SendAsync(new EmailMessage("ann@example.com", "Secret", "reset link", "<p>reset link</p>")));

        Assert.NotNull(failure);
        var heard = await server;
        Assert.DoesNotContain("MAIL FROM", heard, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("reset link", heard, StringComparison.Ordinal);
    }

    /// <summary>An SMTP server that offers no STARTTLS and would accept anything; returns what the client said to it.</summary>
    private static async Task<string> PlainTextServerAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var heard = new StringBuilder();
        await writer.WriteLineAsync("220 plain.example ESMTP");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            heard.AppendLine(line);
            var command = line.Split(' ')[0].ToUpperInvariant();
            await writer.WriteLineAsync(command switch
            {
                "EHLO" => "250 plain.example",
                "DATA" => "354 go ahead",
                "QUIT" => "221 bye",
                _ => "250 OK",
            });
            if (command == "QUIT")
            {
                break;
            }
        }

        return heard.ToString();
    }
}
