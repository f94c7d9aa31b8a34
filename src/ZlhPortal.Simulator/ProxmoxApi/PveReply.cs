namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>An API answer before it is put on the wire: status, reason phrase (Proxmox's error channel), data.</summary>
internal sealed record PveReply(int Status, string? Reason, object? Data, IReadOnlyDictionary<string, string>? Errors = null, int? Total = null)
{
    public bool IsSuccess => Status == 200;

    public static PveReply Ok(object? data, int? total = null) => new(200, null, data, null, total);

    /// <summary>Proxmox answers almost every runtime failure with 500 and the message as reason phrase.</summary>
    public static PveReply Fail(string message) => new(500, message, null);

    public static PveReply Invalid(IReadOnlyDictionary<string, string> errors) => new(400, "Parameter verification failed.", null, errors);

    public static PveReply Invalid(string parameter, string message) =>
        Invalid(new Dictionary<string, string> { [parameter] = message });

    public static PveReply Forbidden(string message) => new(403, message, null);
}
