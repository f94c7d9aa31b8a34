namespace ZlhPortal.Web.Infrastructure.Data;

public enum DatabaseProvider
{
    /// <summary>One file next to the portal: the embedded default, for one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server that several portal instances share.</summary>
    PostgreSql,
}
