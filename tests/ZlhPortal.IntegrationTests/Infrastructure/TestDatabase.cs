using Npgsql;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>
/// Which database the portals of this test run use: SQLite files (the default), or, when tests/run.sh started a
/// throwaway PostgreSQL cluster and set <c>ZLH_TEST_POSTGRES</c>, a fresh PostgreSQL database per portal.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "ZLH_TEST_POSTGRES";

    public static bool IsPostgreSql => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable));

    /// <summary>A connection string to a new, empty database of the cluster (the portal creates it when it migrates), or null on SQLite.</summary>
    public static string? PostgreSqlConnectionString()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(server)
            ? null
            : new NpgsqlConnectionStringBuilder(server)
            {
                Database = $"zlh_{Guid.NewGuid():N}",
                // Hundreds of portals come and go in one run, each with its own database and so its own pool: keep each
                // pool small and let idle connections go at once, or the cluster runs out of connections.
                MaxPoolSize = 20,
                ConnectionIdleLifetime = 2,
                ConnectionPruningInterval = 1,
            }.ConnectionString;
    }
}
