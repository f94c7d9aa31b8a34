using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.UnitTests.Infrastructure;

/// <summary>Each database provider has its own migration set, and each set builds the whole current model.</summary>
public sealed class MigrationSetsTests
{
    private static AppDbContext Context(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        _ = provider == DatabaseProvider.PostgreSql
            ? options.UseNpgsql("Host=localhost;Database=none") // never connected to: the model and migrations are enough
            : options.UseSqlite("Data Source=:memory:");
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        return new AppDbContext(options.Options);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void A_model_change_without_a_migration_for_each_provider_is_caught(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed without a {provider} migration; see the README's 'Migrations'.");
    }

    [Fact]
    public void The_providers_never_see_each_other_s_migrations()
    {
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var postgres = Context(DatabaseProvider.PostgreSql);

        Assert.Empty(sqlite.Database.GetMigrations().Intersect(postgres.Database.GetMigrations()));
        Assert.Contains(sqlite.Database.GetMigrations(), m => m.EndsWith("_InitialSchema", StringComparison.Ordinal));
        Assert.DoesNotContain(postgres.Database.GetMigrations(), m => m.EndsWith("_InitialSchema", StringComparison.Ordinal));
    }
}
