using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace ZlhPortal.Web.Infrastructure.Data;

/// <summary>
/// Each database provider has its own migration set in this assembly (SQLite in <c>Migrations</c>, PostgreSQL in
/// <c>PostgreSqlMigrations</c>): the context sees only the set, and the model snapshot, of the provider it runs on.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF Core's own implementation; this narrows what it finds.
public sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext, IDbContextOptions options, IMigrationsIdGenerator idGenerator, IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    public const string SqliteNamespace = "ZlhPortal.Web.Infrastructure.Data.Migrations";
    public const string PostgreSqlNamespace = "ZlhPortal.Web.Infrastructure.Data.PostgreSqlMigrations";

    private readonly string migrationsNamespace = currentContext.Context.Database.IsNpgsql() ? PostgreSqlNamespace : SqliteNamespace;
    private IReadOnlyDictionary<string, TypeInfo>? migrations;
    private ModelSnapshot? snapshot;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        migrations ??= base.Migrations.Where(m => m.Value.Namespace == migrationsNamespace).ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot =>
        snapshot ??= Assembly.GetTypes()
            .Where(t => t.Namespace == migrationsNamespace && t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract
                && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(AppDbContext))
            .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
            .FirstOrDefault();
}
#pragma warning restore EF1001
