using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.ComponentTests;

/// <summary>bUnit with MudBlazor, loose JS interop, and the portal's database on an in-memory SQLite connection.</summary>
public abstract class PortalTestContext : BunitContext, IAsyncLifetime
{
    // Keep the connection open or the in-memory database disappears.
    private readonly SqliteConnection connection = new("Data Source=:memory:");

    protected PortalTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        connection.Open();
        Services.AddDbContextFactory<AppDbContext>(options => options.UseSqlite(connection));
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<UserPreferences>();
        Services.AddLogging();
        Services.AddScoped<ZlhPortal.Web.Features.Servers.ServerDirectory>();
        // The layout shows announcements above every page.
        Services.AddMemoryCache();
        Services.AddScoped<ZlhPortal.Web.Features.Support.Announcements.AnnouncementBoard>();
        // Pages show how players connect, which follows the edge settings: the default (Direct) asks no runtime.
        Services.AddOptions();
        Services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() });
        Services.AddSingleton<ZlhPortal.Web.Infrastructure.Runtime.EmbeddedSimulator>();
        Services.AddSingleton<ZlhPortal.Web.Infrastructure.Edge.EdgeEndpoints>();
        Services.AddSingleton<ZlhPortal.Web.Infrastructure.Events.PortalEvents>();
        Services.AddSingleton<ZlhPortal.Web.Features.Servers.Lifecycle.ServerEvents>();
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options);
        db.Database.EnsureCreated();
    }

    protected AppDbContext CreateDb() => new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connection).Options);

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable, so the context must be disposed that way.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await connection.DisposeAsync();
    }
}
