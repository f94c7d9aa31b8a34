using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using ZlhPortal.Web.Components.Layout;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.ComponentTests.Components.Layout;

public sealed class NavDrawerTests : PortalTestContext
{
    [Fact]
    public async Task Opening_and_closing_the_navigation_changes_the_drawer_and_leaves_the_page_alone()
    {
        await using (var db = CreateDb())
        {
            db.Users.Add(new ApplicationUser { Id = "u1", UserName = "u1@example.test", Email = "u1@example.test", DisplayName = "U One" });
            await db.SaveChangesAsync();
        }

        AddAuthorization().SetAuthorized("u1@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, "u1"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, builder =>
        {
            builder.OpenComponent<CountingPage>(0);
            builder.CloseComponent();
        }));
        var page = layout.FindComponent<CountingPage>().Instance;
        var toggle = () => layout.Find("button[aria-label='Toggle navigation']");
        // A responsive drawer closes itself where the screen's width is unknown, as here; the button says so.
        // (It does so after its first render; the button follows.)
        layout.WaitForAssertion(() => Assert.Equal("false", toggle().GetAttribute("aria-expanded")));
        var closedAtFirst = layout.Find(".mud-drawer").ClassName;
        var rendersBefore = page.Renders;

        toggle().Click();
        layout.WaitForAssertion(() => Assert.Contains("mud-drawer--open", layout.Find(".mud-drawer").ClassName));
        var expandedWhenOpen = toggle().GetAttribute("aria-expanded");
        toggle().Click();
        layout.WaitForAssertion(() => Assert.Contains("mud-drawer--closed", layout.Find(".mud-drawer").ClassName));

        Assert.Contains("mud-drawer--closed", closedAtFirst);
        Assert.Equal("true", expandedWhenOpen);
        Assert.Equal("false", toggle().GetAttribute("aria-expanded"));
        Assert.Equal(rendersBefore, page.Renders);
        Assert.Contains("the page", layout.Markup);
    }

    [Fact]
    public async Task Another_page_handed_to_the_layout_replaces_the_one_shown_and_the_scheme_switch_follows_the_choice()
    {
        await using (var db = CreateDb())
        {
            db.Users.Add(new ApplicationUser { Id = "u2", UserName = "u2@example.test", Email = "u2@example.test", DisplayName = "U Two" });
            await db.SaveChangesAsync();
        }

        AddAuthorization().SetAuthorized("u2@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, "u2"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, builder => builder.AddContent(0, "first page")));

        layout.Find("button[data-testid=theme-toggle]").Click();
        layout.Render(p => p.Add(l => l.Body, builder => builder.AddContent(0, "second page")));

        Assert.Contains("second page", layout.Markup);
        Assert.DoesNotContain("first page", layout.Markup);
        layout.WaitForAssertion(() =>
            Assert.Equal("Switch to light theme", layout.Find("button[data-testid=theme-toggle]").GetAttribute("aria-label")));
    }

    /// <summary>A page that counts how often it rendered.</summary>
    private sealed class CountingPage : ComponentBase
    {
        public int Renders { get; private set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Renders++;
            builder.AddContent(0, "the page");
        }
    }
}
