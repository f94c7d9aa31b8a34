using ZlhPortal.Web.Components;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Admin;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Billing.Documents;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Consoles;
using ZlhPortal.Web.Features.Consoles.Ides;
using ZlhPortal.Web.Features.Files;
using ZlhPortal.Web.Features.Notifications;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Provisioning.Backups;
using ZlhPortal.Web.Features.Provisioning.Edge;
using ZlhPortal.Web.Features.Provisioning.Schedules;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Settings;
using ZlhPortal.Web.Features.Support;
using ZlhPortal.Web.Infrastructure.Cli;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Diagnostics;
using ZlhPortal.Web.Infrastructure.Edge;
using ZlhPortal.Web.Infrastructure.Email;
using ZlhPortal.Web.Infrastructure.Events;
using ZlhPortal.Web.Infrastructure.Jobs;
using ZlhPortal.Web.Infrastructure.Metrics;
using ZlhPortal.Web.Infrastructure.Runtime;
using ZlhPortal.Web.Infrastructure.Web;

var isCommand = PortalCli.IsCommand(args);
var builder = WebApplication.CreateBuilder(isCommand ? [] : args);

builder.AddConsoleLogs();
builder.AddShell();
builder.AddDatabase();
builder.AddPortalEvents();
builder.AddEmail();
builder.AddAccounts();
builder.AddApi();
builder.AddCatalog();
builder.AddServers();
builder.AddProvisioning();
builder.AddSettings();
builder.AddBilling();
builder.AddNotifications();
builder.AddOrders();
builder.AddInvoiceDocuments();
builder.AddConsoles();
builder.AddFiles();
builder.AddSupport();
builder.AddAdmin();
builder.AddRuntime();
builder.AddEdge();
builder.AddJobs();
builder.AddDiagnostics();
builder.AddMetrics();

var app = builder.Build();

if (isCommand)
{
    return await PortalCli.RunAsync(app.Services, args);
}

await app.Services.MigrateDatabaseAsync();
await app.Services.SeedAccountsAsync();
app.Services.ScheduleRecurringJobs();
await app.Services.ResumeUnfinishedWorkAsync();
app.LogLocations();

app.UseCorrelationIds();
app.UseIdeHosts();
app.UseShell();

// Explicit, so requests for IDE hosts (branched off above) skip endpoint matching; the portal's own requests are
// routed after the shell, as the framework would have done at the very start.
app.UseRouting();
app.UseAuthentication();
app.UseApiCallers();
app.UseRateLimiter();
app.UseStaffTwoFactorRequirement();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealth();
app.MapAccounts();
app.MapApi();
app.MapCatalog();
app.MapServers();
app.MapProvisioning();
app.MapOrders();
app.MapEdge();
app.MapBackups();
app.MapSchedules();
app.MapFiles();
app.MapSettings();
app.MapBilling();
app.MapNotifications();
app.MapConsoles();
app.MapSupport();
app.MapAdmin();
app.MapJobs();
app.MapDiagnostics();
app.MapMetrics();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;
