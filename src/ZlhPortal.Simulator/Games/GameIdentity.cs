namespace ZlhPortal.Simulator.Games;

/// <summary>What a game server tells players about itself: its name and the game version it runs.</summary>
internal sealed record GameIdentity(string Name, string Version);
