using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Infrastructure.Web;

public sealed class ExampleSettingsTests
{
    private static string ExampleFile
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "appsettings.example.json")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory?.FullName ?? throw new FileNotFoundException("appsettings.example.json not found above the test folder."),
                "appsettings.example.json");
        }
    }

    [Fact]
    public void Every_options_class_binds_the_example_settings_and_passes_its_validators()
    {
        var example = new ConfigurationBuilder().AddJsonFile(ExampleFile).Build();
        using var factory = new PortalAppFactory();
        foreach (var (key, value) in example.AsEnumerable().Where(kv => kv.Value is not null))
        {
            // Keep the test's own data folder, and no IDE gateway on a fixed port; everything else comes from the example.
            if (key is not "Portal:DataDirectory" and not "Database:ConnectionString" and not "Database:Provider" and not "Ides:Listen")
            {
                factory.WithSetting(key, value);
            }
        }

        var services = factory.Services;
        var validated = ValidateAll(services);

        Assert.Contains("EmailOptions", validated);
        Assert.Contains("DatabaseOptions", validated);
        Assert.Contains("AdminSeedOptions", validated);
        Assert.Contains("AuthRateLimitOptions", validated);
    }

    [Fact]
    public void The_example_documents_every_setting_the_portal_reads()
    {
        var example = new ConfigurationBuilder().AddJsonFile(ExampleFile).Build();
        using var factory = new PortalAppFactory();
        var optionsTypes = OptionsTypes(factory.Services);

        foreach (var type in optionsTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetValue(null)!;
            foreach (var property in type.GetProperties().Where(p => p.CanWrite))
            {
                Assert.True(example.GetSection($"{section}:{property.Name}").Exists(),
                    $"appsettings.example.json lacks {section}:{property.Name} ({type.Name}).");
            }
        }
    }

    /// <summary>Every options class of the portal and its libraries (they all declare a SectionName).</summary>
    private static List<Type> OptionsTypes(IServiceProvider services) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("ZlhPortal.", StringComparison.Ordinal) == true && !a.GetName().Name!.EndsWith("Tests"))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("SectionName") is not null
                && services.GetService(typeof(IOptions<>).MakeGenericType(t)) is not null)
            .ToList();

    private static List<string> ValidateAll(IServiceProvider services)
    {
        var names = new List<string>();
        foreach (var type in OptionsTypes(services))
        {
            var accessor = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
            // Reading Value runs every registered validator and throws OptionsValidationException on failure.
            _ = accessor.GetType().GetProperty("Value")!.GetValue(accessor);
            names.Add(type.Name);
        }

        return names;
    }
}
