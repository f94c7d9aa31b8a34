using ZlhPortal.Web.Features.Settings.Api;

namespace ZlhPortal.Web.Features.Settings;

public static class SettingsFeature
{
    public static IHostApplicationBuilder AddSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ServerSettings>();
        builder.Services.AddScoped<ServerVersions>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder endpoints) => endpoints.MapSettingsApi();
}
