using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Api;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Dunning;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Reports;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Cli;
using ZlhPortal.Web.Infrastructure.Jobs;
using ZlhPortal.Web.Infrastructure.Metrics;
using ZlhPortal.Web.Infrastructure.Web;

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
            .Validate(o => o.Gateway is not null,
                "Billing:Gateway is not set: set it to Stripe (with Billing:Stripe:SecretKey and Billing:Stripe:WebhookSecret), or to Test for a "
                + "test installation that takes no real money. Only Development uses the test gateway without being told.")
            .ValidateOnStart();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.PostConfigure<BillingOptions>(o => o.Gateway ??= PaymentGatewayKind.Test);
        }

        builder.Services.AddSingleton<ISiteNotice, TestInstallationNotice>();
        builder.AddMetricsSource<BillingMetrics>();
        builder.Services.AddSingleton<TestCardGateway>();
        builder.Services.AddSingleton<Stripe.IStripeClient>(services => new Stripe.StripeClient(services.GetRequiredService<IOptions<BillingOptions>>().Value.Stripe.SecretKey));
        builder.Services.AddSingleton<StripeGateway>();
        builder.Services.AddSingleton<IPaymentGateway>(services => services.GetRequiredService<IOptions<BillingOptions>>().Value.Gateway switch
        {
            PaymentGatewayKind.Stripe => services.GetRequiredService<StripeGateway>(),
            PaymentGatewayKind.Test => services.GetRequiredService<TestCardGateway>(),
            _ => throw new InvalidOperationException("Billing:Gateway is not set."),
        });
        builder.Services.AddSingleton<TaxTable>();
        builder.Services.AddScoped<InvoiceDirectory>();
        builder.Services.AddScoped<CreditLedger>();
        builder.Services.AddScoped<Fulfilment>();
        builder.Services.AddScoped<PlanChanges>();
        builder.Services.AddScoped<InvoicePayments>();
        builder.Services.AddScoped<BillingEmails>();
        builder.Services.AddScoped<SetupRefunds>();
        builder.Services.AddScoped<SubscriptionStore>();
        builder.Services.AddScoped<IServerTransferHandler>(services => services.GetRequiredService<SubscriptionStore>());
        builder.Services.AddScoped<IAccountClosureCheck, BillingClosureCheck>();
        builder.Services.AddScoped<IServerSuspensionHold, BillingSuspensionHold>();
        builder.Services.AddScoped<RunBillingJob>();
        builder.Services.AddScoped<BillingAdministration>();
        builder.Services.AddScoped<CustomerBilling>();
        builder.Services.AddScoped<CouponBook>();
        builder.Services.AddScoped<RevenueReport>();
        builder.AddRecurringJob<RunBillingJob>("billing-run", job => job.RunAsync(CancellationToken.None),
            services => services.GetRequiredService<IOptions<BillingOptions>>().Value.RunSchedule);
        builder.AddCommand("billing", BillingCommands.Create);
        return builder;
    }

    public static IEndpointRouteBuilder MapBilling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBillingApi();
        endpoints.MapAdminBillingApi();
        endpoints.MapAdminReportsApi();
        endpoints.MapStripeWebhook();
        return endpoints;
    }
}
