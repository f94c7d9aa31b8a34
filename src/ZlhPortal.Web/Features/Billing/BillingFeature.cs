using Hangfire;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Provisioning;

namespace ZlhPortal.Web.Features.Billing;

public static class BillingFeature
{
    public static IHostApplicationBuilder AddBilling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.SuspendDaysAfterDue < o.TerminateDaysAfterDue, "Billing:TerminateDaysAfterDue must be later than Billing:SuspendDaysAfterDue.")
            .Validate(o => o.ReminderDaysAfterDue.All(d => d is >= 0 and <= 365), "Billing:ReminderDaysAfterDue holds days from 0 to 365.")
            .Validate(o => o.Gateway != PaymentGatewayKind.Stripe || (o.Stripe.SecretKey.Length > 0 && o.Stripe.WebhookSecret.Length > 0),
                "Billing:Gateway=Stripe needs Billing:Stripe:SecretKey and Billing:Stripe:WebhookSecret.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TestCardGateway>();
        builder.Services.AddSingleton<Stripe.IStripeClient>(services => new Stripe.StripeClient(services.GetRequiredService<IOptions<BillingOptions>>().Value.Stripe.SecretKey));
        builder.Services.AddSingleton<StripeGateway>();
        builder.Services.AddSingleton<IPaymentGateway>(services => services.GetRequiredService<IOptions<BillingOptions>>().Value.Gateway switch
        {
            PaymentGatewayKind.Stripe => services.GetRequiredService<StripeGateway>(),
            _ => services.GetRequiredService<TestCardGateway>(),
        });
        builder.Services.AddSingleton<TaxTable>();
        builder.Services.AddScoped<Orders>();
        builder.Services.AddScoped<InvoiceDirectory>();
        builder.Services.AddScoped<CreditLedger>();
        builder.Services.AddScoped<Fulfilment>();
        builder.Services.AddScoped<PlanChanges>();
        builder.Services.AddScoped<InvoicePayments>();
        builder.Services.AddScoped<BillingEmails>();
        builder.Services.AddScoped<ProvisioningRefunds>();
        builder.Services.AddScoped<IProvisioningFailureHandler>(services => services.GetRequiredService<ProvisioningRefunds>());
        builder.Services.AddScoped<RunBillingJob>();
        builder.Services.AddScoped<BillingAdministration>();
        builder.Services.AddScoped<Coupons>();
        return builder;
    }

    public static void ScheduleBilling(this IServiceProvider services)
    {
        var schedule = services.GetRequiredService<IOptions<BillingOptions>>().Value.RunSchedule;
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RunBillingJob>("billing-run", job => job.RunAsync(CancellationToken.None), schedule);
    }
}
