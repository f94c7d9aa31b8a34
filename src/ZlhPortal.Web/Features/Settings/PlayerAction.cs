namespace ZlhPortal.Web.Features.Settings;

/// <summary>What can be done to a player from the portal (sent to the game as a console command).</summary>
public enum PlayerAction
{
    Kick,
    Ban,
    Whitelist,
}
