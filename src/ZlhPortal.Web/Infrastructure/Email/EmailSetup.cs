using Hangfire;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Jobs;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Infrastructure.Email;

public static class EmailSetup
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Delivery != EmailDelivery.Smtp || !string.IsNullOrWhiteSpace(o.SmtpHost),
                "Email:SmtpHost is required when Email:Delivery is Smtp.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PickupFolderEmailTransport>();
        builder.Services.AddSingleton<SmtpEmailTransport>();
        builder.Services.AddSingleton<IEmailTransport>(services =>
            services.GetRequiredService<IOptions<EmailOptions>>().Value.Delivery == EmailDelivery.Smtp
                ? services.GetRequiredService<SmtpEmailTransport>()
                : services.GetRequiredService<PickupFolderEmailTransport>());
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddScoped<EmailOutboxJob>();
        builder.AddMetricsSource<OutboxMetrics>();
        builder.AddRecurringJob<EmailOutboxJob>("email-outbox", job => job.RunAsync(CancellationToken.None), _ => Cron.Minutely());
        return builder;
    }
}
