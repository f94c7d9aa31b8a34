namespace ZlhPortal.Web.Infrastructure.Diagnostics;

/// <summary>Measurement endpoints for benchmarks. Off unless switched on; answer only loopback callers.</summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "Portal:Diagnostics";

    /// <summary>Serves <c>/diagnostics/memory</c> and the <c>/diagnostics/counter</c> reference page.</summary>
    public bool Enabled { get; set; }
}
