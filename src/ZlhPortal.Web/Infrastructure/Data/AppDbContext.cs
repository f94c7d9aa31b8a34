using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Infrastructure.Email;
using ZlhPortal.Web.Infrastructure.RateLimiting;
using ZlhPortal.Web.Infrastructure.Coordination;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Credit;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Pages;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing.Subscriptions;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Notifications;
using ZlhPortal.Web.Features.Notifications.Webhooks;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Nodes;
using ZlhPortal.Web.Features.Provisioning.Schedules;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Provisioning.Reconciler;
using ZlhPortal.Web.Features.Servers.History;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Support.Announcements;
using ZlhPortal.Web.Features.Support.Tickets;

namespace ZlhPortal.Web.Infrastructure.Data;

/// <summary>
/// The portal's one database. Add a migration with:
/// <c>dotnet ef migrations add &lt;Name&gt; --project src/ZlhPortal.Web --output-dir Infrastructure/Data/Migrations</c>
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<AccountActivity> AccountActivities => Set<AccountActivity>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<CustomerNote> CustomerNotes => Set<CustomerNote>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<Template> Templates => Set<Template>();

    public DbSet<HostedServer> Servers => Set<HostedServer>();

    public DbSet<ServerStep> ServerSteps => Set<ServerStep>();

    public DbSet<ServerActionFailure> ServerActionFailures => Set<ServerActionFailure>();

    public DbSet<VmidRelease> VmidReleases => Set<VmidRelease>();

    public DbSet<PortRelease> PortReleases => Set<PortRelease>();

    public DbSet<NodeSetting> NodeSettings => Set<NodeSetting>();

    public DbSet<ServerMigration> ServerMigrations => Set<ServerMigration>();

    public DbSet<ServerBackup> ServerBackups => Set<ServerBackup>();

    public DbSet<ServerHistoryEntry> ServerHistory => Set<ServerHistoryEntry>();

    public DbSet<ServerSchedule> ServerSchedules => Set<ServerSchedule>();

    public DbSet<ServerShare> ServerShares => Set<ServerShare>();

    public DbSet<ConsoleSession> ConsoleSessions => Set<ConsoleSession>();

    public DbSet<CapacityReservation> CapacityReservations => Set<CapacityReservation>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<CreditEntry> CreditEntries => Set<CreditEntry>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    public DbSet<CouponRedemption> CouponRedemptions => Set<CouponRedemption>();

    public DbSet<TaxRate> TaxRates => Set<TaxRate>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<NotificationPreferences> NotificationPreferences => Set<NotificationPreferences>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>The delivery log: one row per call of a webhook.</summary>
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();

    public DbSet<TicketAttachment> TicketAttachments => Set<TicketAttachment>();

    public DbSet<CannedReply> CannedReplies => Set<CannedReply>();

    public DbSet<Announcement> Announcements => Set<Announcement>();

    public DbSet<ReconcilerReport> ReconcilerReports => Set<ReconcilerReport>();

    /// <summary>Request counts per rate-limit window, shared by every instance (PostgreSQL only).</summary>
    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

    /// <summary>Who does which piece of work now, across instances (<see cref="Coordination.Leases"/>).</summary>
    public DbSet<Lease> Leases => Set<Lease>();

    public DbSet<StoredTicket> ConsoleTickets => Set<StoredTicket>();

    /// <summary>IDE cookies, honoured by every instance and across restarts.</summary>
    public DbSet<StoredIdeSession> IdeSessions => Set<StoredIdeSession>();

    /// <summary>The data-protection key ring (cookies, emailed links, agent credentials): shared by every instance, backed up with the data.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-offset type; storing UTC ticks keeps values sortable and comparable in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }
}
