namespace ZlhPortal.Web.Features.Servers.Lifecycle;

/// <summary>What became of a request on a server: accepted, or a message saying why not.</summary>
public sealed record ServerRequestResult(ServerRequestOutcome Outcome, string Message, int? ServerId = null)
{
    public bool Accepted => Outcome == ServerRequestOutcome.Accepted;

    public static ServerRequestResult NotFound(int id) => new(ServerRequestOutcome.NotFound, $"You have no server with id {id}.");

    public static ServerRequestResult Invalid(string message) => new(ServerRequestOutcome.Invalid, message);

    public static ServerRequestResult Conflict(string message) => new(ServerRequestOutcome.Conflict, message);

    public static ServerRequestResult Unavailable(string message) => new(ServerRequestOutcome.Unavailable, message);

    public static ServerRequestResult Forbidden(string message) => new(ServerRequestOutcome.Forbidden, message);
}
