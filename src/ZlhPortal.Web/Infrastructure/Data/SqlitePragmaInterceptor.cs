using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ZlhPortal.Web.Infrastructure.Data;

/// <summary>
/// Sets per-connection pragmas. Microsoft.Data.Sqlite retries a busy database in 150 ms sleeps;
/// SQLite's own busy handler waits precisely and keeps concurrent writers from seeing "database is locked".
/// </summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutMilliseconds) : DbConnectionInterceptor
{
    private string Pragmas =>
        $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
