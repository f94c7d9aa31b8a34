using ZlhPortal.Web.Features.Servers.History;

namespace ZlhPortal.Web.Features.Notifications;

public static class NotificationsFeature
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<NotificationSettings>();
        builder.Services.AddSingleton<NotificationEmails>();
        builder.Services.AddSingleton<HistoryNotifications>();
        builder.Services.AddSingleton<IHistoryObserver>(services => services.GetRequiredService<HistoryNotifications>());
        return builder;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapNotificationsApi();
        return endpoints;
    }
}
