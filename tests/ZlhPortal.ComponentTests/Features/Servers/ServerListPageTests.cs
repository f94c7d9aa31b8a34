using Bunit;
using ZlhPortal.Web.Features.Servers.Pages;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.ComponentTests.Features.Servers;

public sealed class ServerListPageTests : PortalTestContext
{
    [Fact]
    public void A_customer_without_servers_sees_an_empty_state_with_a_call_to_order()
    {
        AddAuthorization().SetAuthorized("customer@example.test").SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "c1"));

        var page = Render<ServerListPage>();

        page.WaitForAssertion(() => Assert.Contains("You have no servers yet", page.Markup));
        var order = page.Find("a[href='/order']");
        Assert.Contains("Order a server", order.TextContent);
    }

    [Fact]
    public void A_visitor_is_invited_to_sign_up()
    {
        AddAuthorization();

        var page = Render<ServerListPage>();

        Assert.Contains("href=\"/Account/Register\"", page.Markup);
        Assert.DoesNotContain("You have no servers yet", page.Markup);
    }
}
