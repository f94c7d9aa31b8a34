using ZlhPortal.Web.Infrastructure.RateLimiting;
using ZlhPortal.Web.Infrastructure.Coordination;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Data;

public static class DatabaseSetup
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != DatabaseProvider.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is PostgreSql (Host=…;Database=…;Username=…;Password=…).")
            .Validate(o => o.Provider != DatabaseProvider.Sqlite || string.IsNullOrWhiteSpace(o.ConnectionString) || IsValidConnectionString(o.Provider, o.ConnectionString),
                "Database:ConnectionString is not a valid SQLite connection string.")
            .Validate(o => o.Provider != DatabaseProvider.PostgreSql || string.IsNullOrWhiteSpace(o.ConnectionString) || IsValidConnectionString(o.Provider, o.ConnectionString),
                "Database:ConnectionString is not a valid PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…).")
            .ValidateOnStart();
        builder.Services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section)
            .Validate(o => o.Duration >= TimeSpan.FromSeconds(3), "Leases:Duration must be at least 00:00:03.")
            .Validate(o => o.RetryInterval > TimeSpan.Zero && o.RetryInterval < o.Duration, "Leases:RetryInterval must be positive and shorter than Leases:Duration.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Leases>();
        builder.Services.AddSingleton<SharedRateLimits>();

        builder.Services.AddPooledDbContextFactory<AppDbContext>((services, options) =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = ResolveConnectionString(
                database, services.GetRequiredService<IOptions<PortalOptions>>().Value, services.GetRequiredService<IHostEnvironment>());
            if (database.Provider == DatabaseProvider.PostgreSql)
            {
                options.UseNpgsql(connectionString, npgsql => npgsql.CommandTimeout(database.BusyTimeoutSeconds + 20));
            }
            else
            {
                options.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(database.BusyTimeoutSeconds + 20))
                    .AddInterceptors(new SqlitePragmaInterceptor(database.BusyTimeoutSeconds * 1000));
            }

            // Interceptors registered as services (none by default) watch every context, e.g. to time or trace queries.
            options.AddInterceptors(services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
            options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
        });
        builder.Services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        return builder;
    }

    public static string ResolveConnectionString(DatabaseOptions database, PortalOptions portal, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            return database.ConnectionString;
        }

        var file = Path.Combine(portal.ResolveDataDirectory(environment.ContentRootPath), "portal.db");
        return new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ToString();
    }

    /// <summary>Creates the data folder, applies migrations and switches the database to WAL.</summary>
    /// <summary>
    /// Several instances may start at once on one database, even one that does not exist yet: each makes sure it exists
    /// (the one that loses the race to create it carries on), then they take turns through a session advisory lock, so
    /// exactly one applies the pending migrations and the others find them applied.
    /// </summary>
    private static async Task MigratePostgreSqlAsync(AppDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            try
            {
                await creator.CreateAsync(ct);
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
            {
            }
        }

        await using var turn = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await turn.OpenAsync(ct);
        await using (var lockCommand = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", turn))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        // The lock is the session's: it ends with this connection, also when the migration throws.
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The advisory lock key instances take turns on while migrating ("zlhmigr" in ASCII).</summary>
    private const long MigrationLockKey = 0x7A6C686D69677272;

    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var portal = services.GetRequiredService<IOptions<PortalOptions>>().Value;
        Directory.CreateDirectory(portal.ResolveDataDirectory(services.GetRequiredService<IHostEnvironment>().ContentRootPath));
        if (!services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            return;
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        var dataDirectory = portal.ResolveDataDirectory(services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        if (!db.Database.IsSqlite())
        {
            await MigratePostgreSqlAsync(db, ct);
            await ImportFolderKeysAsync(db, dataDirectory, ct);
            return;
        }

        var connection = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (connection.DataSource is { Length: > 0 } file && file != ":memory:" && connection.Mode != SqliteOpenMode.Memory)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        }

        await db.Database.MigrateAsync(ct);
        if (connection.Mode != SqliteOpenMode.Memory && connection.DataSource != ":memory:")
        {
            // WAL lets page reads proceed while a job writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }

        await ImportFolderKeysAsync(db, dataDirectory, ct);
    }

    /// <summary>
    /// Data-protection keys an older version kept in <c>{DataDirectory}/keys</c> are copied into the database once (the
    /// folder stays as it was), so sign-ins, emailed links and agent credentials protected with them stay readable.
    /// </summary>
    private static async Task ImportFolderKeysAsync(AppDbContext db, string dataDirectory, CancellationToken ct)
    {
        var folder = Path.Combine(dataDirectory, "keys");
        if (!Directory.Exists(folder))
        {
            return;
        }

        var known = (await db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (known.Add(name))
            {
                db.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey
                {
                    FriendlyName = name,
                    Xml = System.Xml.Linq.XElement.Load(file).ToString(System.Xml.Linq.SaveOptions.DisableFormatting),
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static bool IsValidConnectionString(DatabaseProvider provider, string value)
    {
        try
        {
            _ = provider == DatabaseProvider.PostgreSql ? new Npgsql.NpgsqlConnectionStringBuilder(value) : (System.Data.Common.DbConnectionStringBuilder)new SqliteConnectionStringBuilder(value);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
