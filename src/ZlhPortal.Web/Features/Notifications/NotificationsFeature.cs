using Hangfire;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Notifications.Webhooks;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Infrastructure.Jobs;

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
        builder.Services.AddHttpClient<WebhookSender>((services, client) => client.Timeout = services.GetRequiredService<IOptions<NotificationsOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(services => WebhookSender.Handler(services.GetRequiredService<IOptions<NotificationsOptions>>()));
        builder.Services.AddScoped<WebhookDeliveries>();
        builder.Services.AddScoped<AccountWebhooks>();
        builder.Services.AddScoped<SendWebhookJob>();
        builder.Services.AddScoped<SendDueWebhooksJob>();
        builder.AddRecurringJob<SendDueWebhooksJob>("webhook-deliveries", job => job.RunAsync(CancellationToken.None), _ => Cron.Minutely());
        return builder;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapNotificationsApi();
        return endpoints;
    }
}
