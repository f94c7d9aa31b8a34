namespace ZlhPortal.Proxmox;

/// <summary>
/// The outcome of one API call, shaped like Corsinvest's <c>Result</c>: status code, reason phrase (where
/// Proxmox puts its error text), typed data, and the per-parameter <c>errors</c> map.
/// </summary>
public sealed class ProxmoxResult<T>
{
    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    /// <summary>HTTP status; 0 when no response arrived (connection refused, TLS rejected, timeout).</summary>
    public required int StatusCode { get; init; }

    public required string ReasonPhrase { get; init; }

    public T? Data { get; init; }

    /// <summary>Present on 400 "Parameter verification failed.": parameter name → problem.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = NoErrors;

    /// <summary>The full error text that newer Proxmox versions repeat in the body.</summary>
    public string? Message { get; init; }

    /// <summary><c>total</c> on list endpoints that page (task log).</summary>
    public int? Total { get; init; }

    public ProxmoxError? Error { get; init; }

    public bool IsSuccess => Error is null;

    public T GetDataOrThrow() =>
        Error is null ? Data! : throw new ProxmoxException(Error, StatusCode);

    public override string ToString() => IsSuccess ? $"{StatusCode} {ReasonPhrase}" : $"{StatusCode} {Error}";
}
