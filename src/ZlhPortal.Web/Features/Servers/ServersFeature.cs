namespace ZlhPortal.Web.Features.Servers;

public static class ServersFeature
{
    public static IHostApplicationBuilder AddServers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ServerDirectory>();
        builder.Services.AddSingleton<AgentCredentials>();
        builder.Services.AddSingleton<ServerEvents>();
        builder.Services.AddScoped<ServerStore>();
        return builder;
    }
}
