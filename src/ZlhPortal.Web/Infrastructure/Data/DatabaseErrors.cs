using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Infrastructure.Data;

public static class DatabaseErrors
{
    /// <summary>Whether a save failed because a unique index refused a second row (SQLite or PostgreSQL).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        DbException other => other.SqlState == "23505",
        _ => false,
    };
}
