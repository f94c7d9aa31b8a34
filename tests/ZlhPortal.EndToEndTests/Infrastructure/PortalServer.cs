using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ZlhPortal.EndToEndTests.Infrastructure;

/// <summary>The real portal on Kestrel (a free loopback port), with its own SQLite file and email pickup folder.</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private static readonly TimeSpan MailPollInterval = TimeSpan.FromMilliseconds(50);

    public const string AdminEmail = "first-admin@example.test";
    public const string AdminPassword = "First-Admin-Passw0rd";

    private static int instances;

    public PortalServer()
    {
        DataDirectory = Directory.CreateTempSubdirectory("zlh-e2e-").FullName;
        // The port is chosen before the portal starts: emailed links are built from Portal:PublicUrl, which must name it.
        port = FreeLoopbackPort();
        UseKestrel(port);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("127.0.0.1", "localhost").Replace("[::1]", "localhost").TrimEnd('/');
    }

    private readonly int port;

    public string DataDirectory { get; }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:PublicUrl", $"http://localhost:{port}");
        builder.UseSetting("Portal:Admin:Email", AdminEmail);
        builder.UseSetting("Portal:Admin:Password", AdminPassword);
        builder.UseSetting("Portal:RateLimiting:Auth:PermitLimit", "10000");
        builder.UseSetting("Runtime:Simulator:StateFile", ":memory:");
        // Its own loopback block per portal: test classes run in parallel, and two simulators handing out the same
        // agent address make the second container's agent fail to bind.
        builder.UseSetting("Runtime:Simulator:AgentAddressBlock", $"127.{90 + Interlocked.Increment(ref instances) % 60}.0.0/16");
        builder.UseSetting("Runtime:Simulator:TaskDuration", "00:00:00.200");
        builder.UseSetting("Runtime:Simulator:InstallDuration", "00:00:01");
        builder.UseSetting("Runtime:Simulator:ProcessStartDuration", "00:00:00.300");
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The newest message to <paramref name="email"/>, waiting up to a few seconds for the portal to write it.</summary>
    public async Task<MimeMessage> WaitForEmailAsync(string email, string subjectContains)
    {
        var folder = Path.Combine(DataDirectory, "mail");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (Directory.Exists(folder))
            {
                var match = Directory.GetFiles(folder, "*.eml").Order().Reverse()
                    .Select(file => MimeMessage.Load(file))
                    .FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject?.Contains(subjectContains) == true);
                if (match is not null)
                {
                    return match;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No email '{subjectContains}' to {email}.");
            }

            // The portal writes the file before it redirects, so by the time the browser shows the next page the
            // message exists; this loop only covers file-system visibility.
            await Task.Delay(MailPollInterval);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
