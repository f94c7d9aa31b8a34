using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>
/// The real portal on a fresh SQLite file in its own temp folder (migrations applied at start, as in production),
/// with emails written to a pickup folder the test can read.
/// </summary>
public sealed class PortalAppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "root-admin@example.test";
    public const string AdminPassword = "Admin-Passw0rd-For-Tests";

    private readonly Dictionary<string, string?> settings = new()
    {
        ["Portal:Admin:Email"] = AdminEmail,
        ["Portal:Admin:Password"] = AdminPassword,
        ["Portal:RateLimiting:Auth:PermitLimit"] = "10000",
        ["Runtime:Simulator:StateFile"] = ":memory:",
        ["Runtime:Simulator:TaskDuration"] = "00:00:00",
        ["Runtime:Simulator:InstallDuration"] = "00:00:00.050",
        ["Runtime:Simulator:ProcessStartDuration"] = "00:00:00.050",
        ["Runtime:Simulator:NewGuestStatusDelay"] = "00:00:00",
        ["Provisioning:PollInterval"] = "00:00:00.050",
        ["Provisioning:TransientDelay"] = "00:00:00.020",
        ["Provisioning:AgentTimeout"] = "00:00:30",
        ["Provisioning:RuntimeTimeout"] = "00:00:30",
        // Tests run the full agent round themselves (AgentStatusMonitor.PollAsync), so none happens behind their back.
        ["Provisioning:Status:AgentInterval"] = "7.00:00:00",
        // Tests run the billing run themselves (on their fake clock); the recurring one would race them.
        ["Billing:RunSchedule"] = "0 0 31 2 *",
    };

    private static int instances;

    static PortalAppFactory()
    {
        // Hundreds of portals start in one test process; none needs to watch its settings files (each watcher costs an
        // inotify instance, of which a user gets 128).
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    public PortalAppFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("zlh-portal-test-").FullName;
        settings["Portal:DataDirectory"] = DataDirectory;
        // Each portal's simulator gets its own loopback block, so agents of parallel test classes never collide.
        settings["Runtime:Simulator:AgentAddressBlock"] = $"127.{100 + (Interlocked.Increment(ref instances) % 150)}.0.0/16";
        if (TestDatabase.PostgreSqlConnectionString() is { } postgres)
        {
            settings["Database:Provider"] = "PostgreSql";
            settings["Database:ConnectionString"] = postgres;
            settings["Jobs:WorkerCount"] = "8";
        }
    }

    public string DataDirectory { get; }

    /// <summary>The database this portal uses, for a second instance that should share it.</summary>
    public string DatabaseConnectionString =>
        settings.GetValueOrDefault("Database:ConnectionString") ?? $"Data Source={Path.Combine(DataDirectory, "portal.db")}";

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    private string environment = "Development";

    private readonly List<Action<IServiceCollection>> serviceChanges = [];

    public FakeTimeProvider? Time { get; private set; }

    /// <summary>Overrides a configuration value; call before the first request.</summary>
    public PortalAppFactory WithSetting(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    public PortalAppFactory WithFakeTime(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        return this;
    }

    public Mailbox Mailbox => new(MailDirectory);

    /// <summary>
    /// Serves on Kestrel at a free loopback port instead of the in-memory test server: forwarded WebSockets need a
    /// real connection upgrade. Call after the other <c>With…</c> settings; returns the portal's base address.
    /// </summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::1]", "127.0.0.1"));
    }

    /// <summary>Changes the portal's services (e.g. wraps an external system's seam to inject a fault); call before the first request.</summary>
    public PortalAppFactory WithServices(Action<IServiceCollection> configure)
    {
        serviceChanges.Add(configure);
        return this;
    }

    /// <summary>Puts <paramref name="gateway"/> in place of the portal's payment gateway (a fault in the money path); call before the first request.</summary>
    public PortalAppFactory WithPaymentGateway(ZlhPortal.Web.Features.Billing.Payments.IPaymentGateway gateway) => WithServices(services =>
    {
        services.RemoveAll<ZlhPortal.Web.Features.Billing.Payments.IPaymentGateway>();
        services.AddSingleton(gateway);
    });

    /// <summary>Runs the portal as another environment would (Development unless told).</summary>
    public PortalAppFactory WithEnvironment(string environment)
    {
        this.environment = environment;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureServices(services =>
        {
            if (Time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Time);
            }

            foreach (var change in serviceChanges)
            {
                change(services);
            }
        });
    }

    public PortalClient CreatePortalClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the OS cleans temp folders.
        }
    }
}
