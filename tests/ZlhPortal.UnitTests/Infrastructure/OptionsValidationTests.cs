using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts.Identity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.UnitTests.Infrastructure;

/// <summary>The validators the portal registers, run as startup runs them, on good and bad settings.</summary>
public sealed class OptionsValidationTests
{
    private static IServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDatabase();
        builder.AddEmail();
        builder.AddAccounts();
        builder.AddShell();
        return builder.Services.BuildServiceProvider();
    }

    private static string? Failure<T>(Dictionary<string, string?> settings) where T : class
    {
        try
        {
            _ = Build(settings).GetRequiredService<IOptions<T>>().Value;
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Null(Failure<EmailOptions>([]));
        Assert.Null(Failure<DatabaseOptions>([]));
        Assert.Null(Failure<AdminSeedOptions>([]));
        Assert.Null(Failure<AuthRateLimitOptions>([]));
        Assert.Null(Failure<TrustedProxyOptions>([]));
    }

    [Fact]
    public void Smtp_delivery_needs_a_host() =>
        Assert.Contains("SmtpHost is required", Failure<EmailOptions>(new() { ["Email:Delivery"] = "Smtp" }));

    [Fact]
    public void Smtp_delivery_with_a_host_is_valid() =>
        Assert.Null(Failure<EmailOptions>(new() { ["Email:Delivery"] = "Smtp", ["Email:SmtpHost"] = "smtp.example.com" }));

    [Theory]
    [InlineData("Email:FromAddress", "not an address")]
    [InlineData("Email:SmtpPort", "70000")]
    public void Email_settings_out_of_range_are_refused(string key, string value) =>
        Assert.NotNull(Failure<EmailOptions>(new() { [key] = value }));

    [Fact]
    public void A_malformed_connection_string_is_refused() =>
        Assert.Contains("not a valid SQLite connection string", Failure<DatabaseOptions>(new() { ["Database:ConnectionString"] = "Data Sauce=x;;=" }));

    [Fact]
    public void A_zero_rate_limit_is_refused() =>
        Assert.NotNull(Failure<AuthRateLimitOptions>(new() { ["Portal:RateLimiting:Auth:PermitLimit"] = "0" }));

    [Fact]
    public void An_admin_email_must_be_an_email() =>
        Assert.NotNull(Failure<AdminSeedOptions>(new() { ["Portal:Admin:Email"] = "admin" }));

    [Fact]
    public void Trusted_proxies_are_addresses_and_networks_of_either_family() =>
        Assert.Null(Failure<TrustedProxyOptions>(new()
        {
            ["Portal:ForwardedHeaders:KnownProxies:0"] = "10.60.0.5",
            ["Portal:ForwardedHeaders:KnownProxies:1"] = "2001:db8::5",
            ["Portal:ForwardedHeaders:KnownNetworks:0"] = "10.60.0.0/24",
            ["Portal:ForwardedHeaders:KnownNetworks:1"] = "2001:db8::/32",
        }));

    [Theory]
    [InlineData("KnownProxies", "10.60.0.300")]
    [InlineData("KnownProxies", "10.5")]
    [InlineData("KnownProxies", "10.60.0.0/24")]
    [InlineData("KnownProxies", "traefik.internal")]
    [InlineData("KnownNetworks", "10.60.0.0/33")]
    [InlineData("KnownNetworks", "10.60.0.5")]
    [InlineData("KnownNetworks", "10.60/16")]
    public void A_malformed_trusted_proxy_entry_stops_the_start_and_is_named(string list, string entry) =>
        Assert.Contains($"Portal:ForwardedHeaders:{list} has \"{entry}\"",
            Failure<TrustedProxyOptions>(new() { [$"Portal:ForwardedHeaders:{list}:0"] = list == "KnownProxies" ? "10.60.0.5" : "10.60.0.0/24", [$"Portal:ForwardedHeaders:{list}:1"] = entry }));
}
