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

    /// <summary>Whether a save failed because a row it names (a foreign key) does not exist.</summary>
    public static bool IsForeignKeyViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode == 787, // SQLITE_CONSTRAINT_FOREIGNKEY
        DbException other => other.SqlState == "23503",
        _ => false,
    };
}
