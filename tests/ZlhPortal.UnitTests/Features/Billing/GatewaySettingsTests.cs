using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.UnitTests.Features.Billing;

/// <summary>Which payment gateway an installation gets, as start-up decides it, and whether its pages say "test installation".</summary>
public sealed class GatewaySettingsTests
{
    private static (BillingOptions? Options, string? Failure, string? Notice) Start(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBilling();
        using var services = builder.Services.BuildServiceProvider();
        try
        {
            var options = services.GetRequiredService<IOptions<BillingOptions>>().Value;
            return (options, null, services.GetServices<ISiteNotice>().Select(n => n.Text).OfType<string>().FirstOrDefault());
        }
        catch (OptionsValidationException e)
        {
            return (null, e.Message, null);
        }
    }

    [Fact]
    public void Production_with_no_gateway_set_refuses_to_start_and_says_what_to_set()
    {
        var (_, failure, _) = Start("Production", []);

        Assert.Contains("Billing:Gateway is not set", failure);
        Assert.Contains("Stripe", failure);
    }

    [Fact]
    public void Development_with_no_gateway_set_uses_the_test_gateway_and_says_so()
    {
        var (options, failure, notice) = Start("Development", []);

        Assert.Null(failure);
        Assert.Equal(PaymentGatewayKind.Test, options!.Gateway);
        Assert.Equal(TestInstallationNotice.Message, notice);
    }

    [Fact]
    public void Production_may_choose_the_test_gateway_explicitly_and_then_says_so()
    {
        var (options, failure, notice) = Start("Production", new() { ["Billing:Gateway"] = "Test" });

        Assert.Null(failure);
        Assert.True(options!.IsTestInstallation);
        Assert.Equal(TestInstallationNotice.Message, notice);
    }

    [Fact]
    public void Production_with_stripe_configured_shows_no_test_notice()
    {
        var (options, failure, notice) = Start("Production", new()
        {
            ["Billing:Gateway"] = "Stripe", ["Billing:Stripe:SecretKey"] = "sk_test_x", ["Billing:Stripe:WebhookSecret"] = "whsec_x",
        });

        Assert.Null(failure);
        Assert.False(options!.IsTestInstallation);
        Assert.Null(notice);
    }
}
