using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Events;
using ZlhPortal.Web.Infrastructure.Metrics;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers;

public static class ServersFeature
{
    public static IHostApplicationBuilder AddServers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ServerDirectory>();
        builder.Services.AddScoped<Sharing.ServerAccess>();
        builder.Services.AddScoped<Sharing.ServerShares>();
        builder.Services.AddScoped<IServerTransferHandler, ShareTransferHandler>();
        builder.Services.AddSingleton<AgentCredentials>();
        builder.Services.AddSingleton<ServerEvents>();
        builder.Services.AddPortalEvent<ServerChanged, ServerEvents>(ServerEvents.Kind, (events, change) => events.RaiseAsync(change));
        builder.Services.AddScoped<ServerAccessRevocation>();
        builder.Services.AddPortalEvent<ServerAccessRevoked, ServerAccessRevocation>(ServerAccessRevocation.Kind, (revocation, revoked) => revocation.RevokeHereAsync(revoked));
        builder.Services.AddScoped<ServerStore>();
        builder.Services.AddSingleton<ServerHistory>();
        builder.Services.AddScoped<ServerLifecycle>();
        builder.Services.AddScoped<ServerTransfers>();
        builder.Services.AddScoped<Staff.StaffServerActions>();
        builder.Services.AddScoped<IAccountClosureCheck, ServerClosureCheck>();
        builder.Services.AddHealthChecks().AddCheck<AgentCredentialHealthCheck>("agent-credentials", tags: [HealthEndpoints.ReadyTag]);
        builder.AddMetricsSource<ServerMetrics>();
        return builder;
    }

    public static IEndpointRouteBuilder MapServers(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapServersApi();
        endpoints.MapHistoryApi();
        endpoints.MapSharesApi();
        return endpoints;
    }
}
