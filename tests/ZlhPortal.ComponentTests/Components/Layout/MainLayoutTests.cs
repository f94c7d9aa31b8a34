using AngleSharp.Html.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using ZlhPortal.Web.Components.Layout;

namespace ZlhPortal.ComponentTests.Components.Layout;

public sealed class MainLayoutTests : PortalTestContext
{
    public MainLayoutTests() => AddAuthorization();

    [Fact]
    public void A_prerendered_interactive_page_keeps_its_controls_off_and_says_it_is_connecting()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var layout = Render<MainLayout>(p => p.SetAssignedRenderMode(RenderMode.InteractiveServer).Add(l => l.Body, PageWithInput));

        Assert.True(Card(layout).IsDisabled);
        Assert.Equal("Connecting…", layout.Find("[role=status][data-testid=connecting]").TextContent.Trim());
    }

    [Fact]
    public void An_interactive_page_has_its_controls_on_and_no_connecting_notice()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var layout = Render<MainLayout>(p => p.SetAssignedRenderMode(RenderMode.InteractiveServer).Add(l => l.Body, PageWithInput));

        Assert.False(layout.Find("fieldset").HasAttribute("disabled"));
        Assert.False(Card(layout).IsDisabled);
        Assert.Empty(layout.FindAll("[data-testid=connecting]"));
    }

    [Fact]
    public void A_static_page_is_usable_at_once_without_a_circuit()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, PageWithInput));

        Assert.False(layout.Find("fieldset").HasAttribute("disabled"));
        Assert.False(Card(layout).IsDisabled);
        Assert.Empty(layout.FindAll("[data-testid=connecting]"));
    }

    private static IHtmlInputElement Card(IRenderedComponent<MainLayout> layout) => (IHtmlInputElement)layout.Find("input[data-testid=card]");

    private static void PageWithInput(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "input");
        builder.AddAttribute(1, "data-testid", "card");
        builder.CloseElement();
    }
}
