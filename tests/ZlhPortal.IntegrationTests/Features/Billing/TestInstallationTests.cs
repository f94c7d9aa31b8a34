using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>The built-in test gateway never takes "payments" on a real installation by accident, and says so where it is used.</summary>
public sealed class TestInstallationTests
{
    [Fact]
    public void Production_without_a_payment_gateway_refuses_to_start_with_a_message()
    {
        using var factory = new PortalAppFactory().WithEnvironment("Production").WithSetting("Portal:RequireHttps", "false");

        var failure = Record.Exception(() => factory.Services);

        Assert.NotNull(failure);
        Assert.Contains("Billing:Gateway is not set", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_of_a_test_installation_says_no_real_money_is_charged()
    {
        using var factory = new PortalAppFactory().WithEnvironment("Production").WithSetting("Portal:RequireHttps", "false")
            .WithSetting("Billing:Gateway", "Test");
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/pricing", "/order", "/Account/Login" })
        {
            Assert.Contains(TestInstallationNotice.Message, await client.GetStringAsync(path), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_installation_paying_through_stripe_shows_no_test_notice()
    {
        using var factory = new PortalAppFactory().WithSetting("Billing:Gateway", "Stripe")
            .WithSetting("Billing:Stripe:SecretKey", "sk_test_placeholder").WithSetting("Billing:Stripe:WebhookSecret", "whsec_placeholder");
        using var client = factory.CreateClient();

        Assert.DoesNotContain(TestInstallationNotice.Message, await client.GetStringAsync("/pricing"), StringComparison.Ordinal);
    }
}
