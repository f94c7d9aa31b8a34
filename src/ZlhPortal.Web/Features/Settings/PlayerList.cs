namespace ZlhPortal.Web.Features.Settings;

/// <summary>Who is on a running game, as its agent reports it (names only when the game gives them).</summary>
public sealed record PlayerList(int? Online, int? Max, IReadOnlyList<string> Names);
