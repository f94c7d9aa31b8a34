using Microsoft.AspNetCore.Components;

namespace ZlhPortal.Web.Components.Layout;

/// <summary>
/// A part of the layout that renders again only when its own inputs change or it asks to itself (its events, its own
/// <c>StateHasChanged</c>). MudLayout renders its whole content whenever a drawer opens or closes (its classes follow the
/// drawers), which would otherwise render the app bar and the page again on every click of the menu button.
/// </summary>
public abstract class SteadyComponent : ComponentBase
{
    private bool unchanged;

    /// <summary>True from <see cref="SetParametersAsync"/> to the render it skips: the parameters are the ones it has.</summary>
    protected bool InputsUnchanged => unchanged;

    /// <summary>Whether <paramref name="parameters"/> are the inputs the component already has (called before they are set).</summary>
    protected abstract bool SameInputs(ParameterView parameters);

    public override Task SetParametersAsync(ParameterView parameters)
    {
        unchanged = SameInputs(parameters);
        return base.SetParametersAsync(parameters);
    }

    protected override bool ShouldRender()
    {
        if (!unchanged)
        {
            return true;
        }

        unchanged = false;
        return false;
    }
}
