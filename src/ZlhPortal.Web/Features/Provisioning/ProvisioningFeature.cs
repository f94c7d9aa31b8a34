using Hangfire;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Provisioning.Jobs;
using ZlhPortal.Web.Features.Provisioning.Nodes;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Provisioning.Schedules;
using ZlhPortal.Web.Features.Provisioning.Status;
using ZlhPortal.Web.Features.Provisioning.Templates;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Cli;
using ZlhPortal.Web.Infrastructure.Coordination;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Jobs;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Features.Provisioning;

public static class ProvisioningFeature
{
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProvisioningOptions>().BindConfiguration(ProvisioningOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.GameVmidFirst <= o.GameVmidLast && o.DevVmidFirst <= o.DevVmidLast, "Each VMID range must start at or below its end.")
            .Validate(o => o.GameVmidLast < o.DevVmidFirst || o.DevVmidLast < o.GameVmidFirst, "The game and dev VMID ranges must not overlap.")
            .Validate(o => o.TemplateVmidFirst <= o.TemplateVmidLast
                && (o.TemplateVmidLast < o.GameVmidFirst || o.GameVmidLast < o.TemplateVmidFirst)
                && (o.TemplateVmidLast < o.DevVmidFirst || o.DevVmidLast < o.TemplateVmidFirst), "The template VMID range must be in order and overlap neither server range.")
            .ValidateOnStart();
        builder.Services.AddOptions<RuntimeStatusOptions>().BindConfiguration(RuntimeStatusOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RuntimeStatusMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RuntimeStatusMonitor>());
        builder.Services.AddSingleton<AgentStatusMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgentStatusMonitor>());
        builder.Services.AddSingleton<ReconcilerFindings>();
        builder.Services.AddScoped<ReconcileServersJob>();
        builder.Services.AddSingleton<CloneQueue>();
        builder.Services.AddSingleton<ServerLocks>();
        builder.Services.AddSingleton<PlacementGate>();
        builder.Services.AddScoped<RuntimeCalls>();
        builder.Services.AddScoped<ServerPlacement>();
        builder.Services.AddScoped<ServerCleanup>();
        builder.Services.AddScoped<ServerPublishing>();
        builder.Services.AddSingleton<TraefikRoutes>();
        builder.Services.AddScoped<EdgeDrift>();
        builder.AddCommand("edge", EdgeCommands.Create);
        builder.Services.AddScoped<IServerOperations, ServerJobQueue>();
        builder.Services.AddScoped<ReconcilerDecisions>();
        builder.Services.AddScoped<NodeCapacity>();
        builder.Services.AddScoped<NodeMaintenance>();
        builder.Services.AddScoped<ServerMoves>();
        builder.Services.AddScoped<MigrateServerJob>();
        builder.Services.AddScoped<TemplateRegistration>();
        builder.Services.AddScoped<ProvisionServerJob>();
        builder.Services.AddScoped<PowerServerJob>();
        builder.Services.AddScoped<ReinstallServerJob>();
        builder.Services.AddScoped<DeleteServerJob>();
        builder.Services.AddScoped<ResizeServerJob>();
        builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<BackupMaker>();
        builder.Services.AddScoped<ServerBackups>();
        builder.Services.AddScoped<BackupServerJob>();
        builder.Services.AddScoped<RestoreServerJob>();
        builder.Services.AddScoped<SafetyBackups>();
        builder.Services.AddScoped<ChangeServerVersionJob>();
        builder.Services.AddScoped<DeleteBackupJob>();
        builder.Services.AddScoped<UsageHistory>();
        builder.Services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RecurringSchedules>();
        builder.Services.AddScoped<ServerSchedules>();
        builder.Services.AddScoped<RunScheduleJob>();
        builder.AddMetricsSource<ProvisioningMetrics>();
        builder.AddRecurringJob<ReconcileServersJob>("reconcile-servers", job => job.RunAsync(CancellationToken.None), services =>
        {
            var interval = services.GetRequiredService<IOptions<RuntimeStatusOptions>>().Value.ReconcileInterval;
            // Below a minute, a cron with seconds (tests and small installations that want fast take-over).
            return interval >= TimeSpan.FromMinutes(1) ? $"*/{Math.Max(1, (int)interval.TotalMinutes)} * * * *" : $"*/{Math.Max(1, (int)interval.TotalSeconds)} * * * * *";
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapProvisioning(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapUsageApi();
        endpoints.MapNodesApi();
        endpoints.MapTemplatesAdminApi();
        return endpoints;
    }

    /// <summary>
    /// Resumes whatever a restart interrupted (the in-memory job queue does not survive one): the customers' schedules
    /// are registered again from the database, and the rest is queued rather than run here, so an unreachable runtime
    /// never delays start-up. The embedded SQLite default is one instance: the leases
    /// in its database were its own before it stopped, so they are freed first; on PostgreSQL other instances may be
    /// working, and only their lapsed leases are taken over.
    /// </summary>
    public static async Task ResumeUnfinishedWorkAsync(this IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite)
        {
            await services.GetRequiredService<Leases>().ReleaseAllAsync(CancellationToken.None);
        }

        await services.GetRequiredService<RecurringSchedules>().SyncAsync(CancellationToken.None);
        services.GetRequiredService<IBackgroundJobClient>().Enqueue<ReconcileServersJob>(job => job.RunAsync(true, CancellationToken.None));
    }
}
