using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Components.Layout;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.ComponentTests.Components.Layout;

public sealed class ThemeToggleTests : PortalTestContext
{
    [Fact]
    public void Clicking_the_toggle_asks_for_the_other_scheme()
    {
        bool? requested = null;
        var toggle = Render<ThemeToggle>(p => p
            .Add(t => t.IsDarkMode, false)
            .Add(t => t.IsDarkModeChanged, (bool dark) => requested = dark));

        toggle.Find("button[data-testid=theme-toggle]").Click();

        Assert.True(requested);
        Assert.Equal("Switch to dark theme", toggle.Find("button[data-testid=theme-toggle]").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_layout_remembers_the_choice_for_the_signed_in_user()
    {
        await using (var db = CreateDb())
        {
            db.Users.Add(new ApplicationUser { Id = "u1", UserName = "u1@example.test", Email = "u1@example.test", DisplayName = "U One" });
            await db.SaveChangesAsync();
        }

        AddAuthorization().SetAuthorized("u1@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, "u1"));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, builder => builder.AddContent(0, "page")));

        layout.Find("button[data-testid=theme-toggle]").Click();

        await layout.WaitForAssertionAsync(async () =>
        {
            await using var db = CreateDb();
            Assert.True((await db.Users.SingleAsync(u => u.Id == "u1")).PrefersDarkMode);
        });

        // A new page (a new circuit) starts dark.
        await DisposeComponentsAsync();
        var next = Render<MainLayout>(p => p.Add(l => l.Body, builder => builder.AddContent(0, "page")));
        next.WaitForAssertion(() =>
            Assert.Equal("Switch to light theme", next.Find("button[data-testid=theme-toggle]").GetAttribute("aria-label")));
    }
}
