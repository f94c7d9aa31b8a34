using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Infrastructure.Web;

/// <summary>
/// The key ring that protects sign-in cookies, emailed links and the agent credentials lives in the database: a second
/// instance reads what the first protected, a lost data folder loses no key, and keys kept in the folder by an older
/// version are taken over.
/// </summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private const string Purpose = "ZlhPortal.Tests.KeyRing";
    private readonly List<PortalAppFactory> factories = [];

    public void Dispose()
    {
        foreach (var factory in factories)
        {
            factory.Dispose();
        }
    }

    private PortalAppFactory Portal(Func<PortalAppFactory, PortalAppFactory>? configure = null)
    {
        var factory = new PortalAppFactory();
        factories.Add(configure is null ? factory : configure(factory));
        return factory;
    }

    private static IDataProtector Protector(PortalAppFactory factory) =>
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    [Fact]
    public void A_second_instance_with_its_own_data_folder_reads_what_the_first_protected()
    {
        var first = Portal();
        var secret = Protector(first).Protect("agent credential");

        // Another instance (another host, another data folder) on the same database.
        var second = Portal(f => f.WithSetting("Database:ConnectionString", first.DatabaseConnectionString));

        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        Assert.Equal("agent credential", Protector(second).Unprotect(secret));
        Assert.False(Directory.Exists(Path.Combine(second.DataDirectory, "keys")));
    }

    [Fact]
    public void Keys_an_older_version_kept_in_the_data_folder_still_open_what_they_protected()
    {
        var portal = Portal();
        var legacy = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(portal.DataDirectory, "keys")), b => b.SetApplicationName("ZlhPortal"));
        var secret = legacy.CreateProtector(Purpose).Protect("protected before the upgrade");

        Assert.Equal("protected before the upgrade", Protector(portal).Unprotect(secret));
    }
}
