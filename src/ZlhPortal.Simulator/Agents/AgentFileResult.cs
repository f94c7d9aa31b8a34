namespace ZlhPortal.Simulator.Agents;

/// <summary>What a file operation gave, or the HTTP status and message it was refused with.</summary>
internal sealed record AgentFileResult<T>(T? Value, int Status, string? Error)
    where T : class
{
    public static AgentFileResult<T> Ok(T value) => new(value, StatusCodes.Status200OK, null);

    public static AgentFileResult<T> Refused(int status, string error) => new(null, status, error);

    public AgentFileResult<TOther> As<TOther>()
        where TOther : class => new(null, Status, Error);
}
