using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Data;

/// <summary>Where the portal keeps its data.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (the default: one file, one instance) or <c>PostgreSql</c> (several instances share it).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite: a connection string; empty means <c>{Portal:DataDirectory}/portal.db</c>. PostgreSQL: required, an Npgsql
    /// connection string (<c>Host=…;Database=…;Username=…;Password=…</c>).
    /// </summary>
    [MaxLength(2000)]
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the portal starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long a command waits for a busy database before failing.</summary>
    [Range(1, 300)]
    public int BusyTimeoutSeconds { get; set; } = 10;
}
