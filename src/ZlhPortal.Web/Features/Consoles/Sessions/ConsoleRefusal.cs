namespace ZlhPortal.Web.Features.Consoles.Sessions;

/// <summary>Why a console cannot be opened. Another tenant's server is <see cref="NotFound"/>, exactly like a missing one.</summary>
public enum ConsoleRefusal
{
    None = 0,
    NotFound,
    ReasonRequired,
    Suspended,
    NotRunning,

    /// <summary>Only dev servers have an IDE.</summary>
    NoIde,

    /// <summary>The server is shared with the person, but not its console (or, for the IDE, not console and files).</summary>
    NotPermitted,
}
