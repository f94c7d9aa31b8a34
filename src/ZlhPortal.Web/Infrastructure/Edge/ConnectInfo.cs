namespace ZlhPortal.Web.Infrastructure.Edge;

/// <summary>What a player types (<see cref="Host"/>, and <see cref="Port"/> unless it is the game's default) and where it really goes.</summary>
public sealed record ConnectInfo(string Host, string Address, int Port, string Protocol);
