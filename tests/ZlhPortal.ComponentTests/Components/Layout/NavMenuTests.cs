using Bunit;
using ZlhPortal.Web.Components.Layout;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.ComponentTests.Components.Layout;

public sealed class NavMenuTests : PortalTestContext
{
    [Fact]
    public void Visitors_see_log_in_and_sign_up_only()
    {
        AddAuthorization();

        var nav = Render<NavMenu>();

        Assert.Contains("Create an account", nav.Markup);
        Assert.DoesNotContain("My servers", nav.Markup);
        Assert.Empty(nav.FindAll("[data-testid=nav-admin]"));
        Assert.Empty(nav.FindAll("[data-testid=nav-support]"));
    }

    [Fact]
    public void Customers_see_their_area_but_no_staff_areas()
    {
        AddAuthorization().SetAuthorized("customer@example.test").SetPolicies(Policies.Customer);

        var nav = Render<NavMenu>();

        Assert.Contains("My servers", nav.Markup);
        Assert.Empty(nav.FindAll("[data-testid=nav-admin]"));
        Assert.Empty(nav.FindAll("[data-testid=nav-support]"));
    }

    [Fact]
    public void Support_staff_see_the_support_area_but_not_admin()
    {
        AddAuthorization().SetAuthorized("support@example.test").SetPolicies(Policies.Customer, Policies.Support);

        var nav = Render<NavMenu>();

        Assert.Single(nav.FindAll("[data-testid=nav-support]"));
        Assert.Empty(nav.FindAll("[data-testid=nav-admin]"));
        Assert.Contains("Find a customer", nav.Markup);
    }

    [Fact]
    public void Admins_see_every_area_including_the_jobs_dashboard()
    {
        AddAuthorization().SetAuthorized("admin@example.test").SetPolicies(Policies.Customer, Policies.Support, Policies.Admin);

        var nav = Render<NavMenu>();

        Assert.Single(nav.FindAll("[data-testid=nav-admin]"));
        Assert.Single(nav.FindAll("[data-testid=nav-support]"));
        Assert.Contains("href=\"/admin/jobs\"", nav.Markup);
    }
}
