using System.Linq.Expressions;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Metrics;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Infrastructure.Jobs;

public static class HangfireSetup
{
    public const string DashboardPath = "/admin/jobs";

    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        // In-memory storage for the embedded default: correctness never rests on the job store
        // (our own database holds every state machine), so losing queued jobs on restart is recoverable.
        // Registered per host rather than through the static JobStorage.Current, so two portals in one
        // process (as in tests) never pick up each other's jobs.
        // On PostgreSQL, the shared database holds one queue for every instance.
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return database.Provider == DatabaseProvider.PostgreSql
                ? new PostgreSqlStorage(new Connections(database.ConnectionString!),
                    new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, SchemaName = "hangfire", QueuePollInterval = TimeSpan.FromSeconds(1) })
                : new InMemoryStorage();
        });
        builder.Services.AddHangfire((services, configuration) => configuration
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddHangfireServer((services, options) =>
        {
            // Jobs are created from this host's container; Hangfire's global activator would be shared by every
            // portal host in the process (tests run several) and build jobs against another host's database.
            options.Activator = new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>());
            options.WorkerCount = services.GetRequiredService<IConfiguration>().GetValue<int?>("Jobs:WorkerCount") is { } workers and > 0
                ? workers
                : Math.Clamp(Environment.ProcessorCount * 10, 10, 40);
            // Retries are scheduled jobs; look for due ones every second rather than every 15 s.
            options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            // This host's filters beside the global ones (automatic retry): GlobalJobFilters is shared by every portal in
            // the process. Each job's log entries carry its id; failed attempts are counted.
            options.FilterProvider = new JobFilterProviderCollection
            {
                JobFilterProviders.Providers,
                new JobFilterCollection
                {
                    new JobLogScope(services.GetRequiredService<ILoggerFactory>()),
                    new JobFailureCounter(services.GetRequiredService<PortalMetrics>()),
                },
            };
        });
        builder.Services.AddHealthChecks().AddCheck<JobServerHealthCheck>("jobs", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Declares a recurring job; <see cref="ScheduleRecurringJobs"/> schedules every declared job at start, so the
    /// dashboard and this list agree. <paramref name="cron"/> reads the schedule from the feature's options.
    /// </summary>
    public static IHostApplicationBuilder AddRecurringJob<TJob>(
        this IHostApplicationBuilder builder, string id, Expression<Func<TJob, Task>> run, Func<IServiceProvider, string> cron)
    {
        builder.Services.AddSingleton(new RecurringJobDeclaration(id, (manager, services) => manager.AddOrUpdate(id, run, cron(services))));
        return builder;
    }

    /// <summary>Schedules every recurring job the features declared (<see cref="AddRecurringJob{TJob}"/>), in one place.</summary>
    public static void ScheduleRecurringJobs(this IServiceProvider services)
    {
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        foreach (var job in services.GetServices<RecurringJobDeclaration>())
        {
            job.Schedule(recurring, services);
        }
    }

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, DashboardPath, new DashboardOptions
        {
            // The endpoint's policy decides who gets in; Hangfire's own local-only default would lock out remote admins.
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            AsyncAuthorization = Array.Empty<IDashboardAsyncAuthorizationFilter>(),
            DashboardTitle = "ZlhPortal jobs",
            AppPath = "/admin",
            DisplayStorageConnectionString = false,
        });
        return endpoints;
    }

    /// <summary>Hangfire's connections to the portal's PostgreSQL database (pooled by Npgsql).</summary>
    private sealed class Connections(string connectionString) : IConnectionFactory
    {
        public Npgsql.NpgsqlConnection GetOrCreateConnection() => new(connectionString);
    }
}
