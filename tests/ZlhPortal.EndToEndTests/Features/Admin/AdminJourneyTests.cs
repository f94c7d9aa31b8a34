using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.EndToEndTests.Features.Admin;

public sealed class AdminJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task An_admin_finds_a_customers_unpaid_order_and_marks_it_paid_with_a_reason()
    {
        var email = await CreateAccountAsync("transfer", "Transfer");
        int invoiceId;
        await using (var scope = Portal.Services.CreateAsyncScope())
        {
            var customer = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
            var placed = await scope.ServiceProvider.GetRequiredService<Checkout>().PlaceAsync(customer.Id, new OrderRequest("game-small", "minecraft-paper", "Bank Transfer", null), CancellationToken.None);
            Assert.Equal(OrderOutcome.Placed, placed.Outcome);
            invoiceId = placed.Invoice!.Id;
        }

        var admin = await SignInAsAdminAsync();
        await admin.GotoInteractiveAsync($"{Portal.BaseUrl}/admin/invoices");
        await admin.Locator("[data-testid=filter-customer]").FillAsync(email);
        await admin.Locator($"[data-testid=invoice-totals][data-filter='{email}']").WaitForAsync();
        var row = admin.Locator("tbody tr", new() { HasText = email });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Draft");
        await Assertions.Expect(admin.Locator("[data-testid=invoice-totals]")).ToContainTextAsync("unpaid");

        await row.Locator("[data-testid=mark-paid]").ClickAsync();
        var confirm = admin.Locator("[data-testid=action-confirm]");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await admin.Locator("[data-testid=action-reason]").FillAsync("Bank transfer received, ref 42");
        await confirm.ClickAsync();

        await admin.GetByText("server #").WaitForAsync();
        await Assertions.Expect(row).ToContainTextAsync("Paid");
        await using var check = Portal.Services.CreateAsyncScope();
        await using var db = await check.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(InvoiceStatus.Paid, await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Status).SingleAsync());
        Assert.True(await db.Servers.AnyAsync(s => s.Name == "Bank Transfer"));
    }

    [Fact]
    public async Task An_admin_moves_a_server_to_another_customer_with_a_reason()
    {
        var from = await CreateAccountAsync("from", "From");
        var to = await CreateAccountAsync("to", "To");
        int serverId;
        await using (var scope = Portal.Services.CreateAsyncScope())
        {
            var owner = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(from))!;
            var created = await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().CreateAsync(owner.Id, "game-small", "minecraft-paper", "Handover", complimentary: true);
            Assert.True(created.Accepted, created.Message);
            serverId = created.ServerId!.Value;
        }

        var admin = await SignInAsAdminAsync();
        await admin.GotoInteractiveAsync($"{Portal.BaseUrl}/admin/servers");

        await admin.Locator($"[data-testid=transfer-{serverId}]").ClickAsync();
        var confirm = admin.Locator("[data-testid=confirm-transfer]");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await admin.Locator("[data-testid=transfer-email]").FillAsync("nobody@example.test");
        await admin.Locator("[data-testid=transfer-reason]").FillAsync("Account merge, ticket 4711");
        await confirm.ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=transfer-error]")).ToContainTextAsync("existing customer account");
        await admin.Locator("[data-testid=transfer-email]").FillAsync(to);
        await confirm.ClickAsync();

        await admin.GetByText($"#{serverId} now belongs to {to}").WaitForAsync();
        await using var check = Portal.Services.CreateAsyncScope();
        await using var db = await check.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var newOwner = await db.Users.Where(u => u.Email == to).Select(u => u.Id).SingleAsync();
        Assert.Equal(newOwner, await db.Servers.Where(s => s.Id == serverId).Select(s => s.OwnerId).SingleAsync());
        Assert.True(await db.AccountActivities.AnyAsync(a => a.UserId == newOwner && a.Detail.Contains("Account merge, ticket 4711")));
    }
}
