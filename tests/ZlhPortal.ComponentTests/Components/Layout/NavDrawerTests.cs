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
        layout.WaitForAssertion(() => Assert.Contains("mud-drawer--closed", layout.Find(".mud-drawer").ClassName));
        var expandedAtFirst = toggle().GetAttribute("aria-expanded");
        var rendersBefore = page.Renders;

        toggle().Click();
        var opened = layout.Find(".mud-drawer").ClassName;
        var expandedWhenOpen = toggle().GetAttribute("aria-expanded");
        toggle().Click();
        var closedAgain = layout.Find(".mud-drawer").ClassName;

        Assert.Equal("false", expandedAtFirst);
        Assert.Contains("mud-drawer--open", opened);
        Assert.Equal("true", expandedWhenOpen);
        Assert.Contains("mud-drawer--closed", closedAgain);
        Assert.Equal("false", toggle().GetAttribute("aria-expanded"));
        Assert.Equal(rendersBefore, page.Renders);
        Assert.Contains("the page", layout.Markup);
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
