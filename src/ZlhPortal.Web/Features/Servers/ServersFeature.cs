namespace ZlhPortal.Web.Features.Servers;

public static class ServersFeature
{
    public static IHostApplicationBuilder AddServers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ServerDirectory>();
        return builder;
    }
}
