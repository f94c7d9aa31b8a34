using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Data;

/// <summary>Where the portal keeps its data.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>SQLite connection string. Empty means <c>{Portal:DataDirectory}/portal.db</c>.</summary>
    [MaxLength(2000)]
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the portal starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long a command waits for a busy database before failing.</summary>
    [Range(1, 300)]
    public int BusyTimeoutSeconds { get; set; } = 10;
}
