namespace ZlhPortal.Web.Components.Layout;

/// <summary>
/// Whether the navigation drawer is open, shared by the layout's menu button (<see cref="NavToggle"/>) and the drawer
/// (<see cref="NavDrawer"/>) so that opening or closing it re-renders those two alone, never the layout and the page in it.
/// </summary>
public sealed class NavDrawerState
{
    public bool Open { get; private set; } = true;

    /// <summary>Raised after <see cref="Open"/> changed.</summary>
    public event Action? Changed;

    public void Toggle() => Set(!Open);

    public void Set(bool open)
    {
        if (Open == open)
        {
            return;
        }

        Open = open;
        Changed?.Invoke();
    }
}
