using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders;

namespace ZlhPortal.IntegrationTests.Features.Billing;

/// <summary>Staff corrections through <c>/api/v1/admin</c>: mark paid, void, credit notes and refunds, always with a reason.</summary>
public sealed class BillingAdministrationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Reason = "Paid by bank transfer, ref 1234";

    [Fact]
    public async Task Marking_an_order_invoice_paid_numbers_it_creates_the_server_and_logs_the_reason()
    {
        var (customer, email) = await CustomerAsync();
        var invoiceId = await OrderAsync(customer, "Transfer");
        var admin = await AdminAsync();

        var response = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/mark-paid", new { reason = Reason });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoice = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/invoices/{invoiceId}");
        Assert.Equal("Paid", invoice.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, invoice.GetProperty("number").ValueKind);
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Servers.CountAsync(s => s.Name == "Transfer")));
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Subscriptions.CountAsync(s => db.Servers.Any(v => v.Id == s.ServerId && v.Name == "Transfer"))));
        var payment = await BillingApiClient.WithDbAsync(factory, db => db.Payments.SingleAsync(p => p.InvoiceId == invoiceId));
        Assert.Equal(BillingAdministration.ManualGateway, payment.Gateway);
        Assert.Equal(invoice.GetProperty("total").GetInt64(), payment.AmountMinor);
        Assert.True(await ActivityAsync(email, AccountActivityKind.InvoiceMarkedPaid, Reason));
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/invoices?status=paid&customer={Uri.EscapeDataString(email)}");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal(invoiceId, listed.GetProperty("items")[0].GetProperty("invoice").GetProperty("id").GetInt32());

        var again = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/mark-paid", new { reason = Reason });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already paid", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await BillingApiClient.WithDbAsync(factory, db => db.Payments.CountAsync(p => p.InvoiceId == invoiceId)));
    }

    [Fact]
    public async Task Voiding_a_draft_order_invoice_cancels_the_order_and_a_paid_invoice_is_refused()
    {
        var (customer, email) = await CustomerAsync();
        var draftId = await OrderAsync(customer, "Abandoned");
        var paidId = await OrderAsync(customer, "Kept");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, paidId)).StatusCode);
        var admin = await AdminAsync();

        var voided = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{draftId}/void", new { reason = "Customer asked to cancel" });
        var refused = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paidId}/void", new { reason = "Customer asked to cancel" });

        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        var draft = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.AsNoTracking().SingleAsync(i => i.Id == draftId));
        Assert.Equal(InvoiceStatus.Void, draft.Status);
        Assert.Equal("Customer asked to cancel", draft.VoidReason);
        Assert.Equal(OrderStatus.Cancelled, await BillingApiClient.WithDbAsync(factory, db => db.Orders.Where(o => o.Id == draft.OrderId).Select(o => o.Status).SingleAsync()));
        Assert.True(await ActivityAsync(email, AccountActivityKind.InvoiceVoided, "Customer asked to cancel"));
        Assert.Equal(HttpStatusCode.Conflict, (await BillingApiClient.PayAsync(customer, draftId)).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("credit note", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(InvoiceStatus.Paid, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.Id == paidId).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task Voiding_an_open_invoice_keeps_its_number()
    {
        var (customer, _) = await CustomerAsync();
        var paidId = await OrderAsync(customer, "Renewed");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, paidId)).StatusCode);
        var open = await OpenRenewalAsync(paidId);
        var admin = await AdminAsync();

        var voided = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{open.Id}/void", new { reason = "Billed twice by mistake" });

        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        var stored = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.AsNoTracking().SingleAsync(i => i.Id == open.Id));
        Assert.Equal(InvoiceStatus.Void, stored.Status);
        Assert.Equal(open.Number, stored.Number);
        var listed = await customer.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices");
        Assert.Contains(listed!, i => i.GetProperty("number").GetString() == open.Number && i.GetProperty("status").GetString() == "Void");
    }

    [Fact]
    public async Task A_credit_note_takes_the_next_number_adds_credit_and_never_exceeds_what_was_paid()
    {
        var (customer, email) = await CustomerAsync();
        var paidId = await OrderAsync(customer, "Credited");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, paidId)).StatusCode);
        var total = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.Id == paidId).Select(i => i.TotalMinor).SingleAsync());
        var lastSequence = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.MaxAsync(i => i.NumberSequence));
        var admin = await AdminAsync();

        var first = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paidId}/credit-note", new { reason = "Two days of downtime", amount = 300, toCard = false });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var noteId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creditNoteId").GetInt32();
        var note = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.AsNoTracking().Include(i => i.Lines).SingleAsync(i => i.Id == noteId));
        Assert.Equal(InvoiceKind.CreditNote, note.Kind);
        Assert.Equal(paidId, note.CorrectsInvoiceId);
        Assert.Equal(lastSequence + 1, note.NumberSequence);
        Assert.Equal(InvoiceNumbers.Format(note.NumberYear!.Value, lastSequence!.Value + 1), note.Number);
        Assert.Equal(-300, note.TotalMinor);
        Assert.Equal(note.TotalMinor, note.SubtotalMinor + note.TaxMinor);
        Assert.All(note.Lines, l => Assert.True(l.NetMinor < 0));
        Assert.Equal(300, (await customer.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());
        Assert.True(await ActivityAsync(email, AccountActivityKind.CreditNoteIssued, "Two days of downtime"));
        var listed = await customer.GetFromJsonAsync<JsonElement[]>("/api/v1/invoices");
        Assert.Contains(listed!, i => i.GetProperty("id").GetInt32() == noteId && i.GetProperty("kind").GetString() == "CreditNote");
        using (var browser = factory.CreatePortalClient())
        {
            await AccountJourney.LogInAsync(browser, email);
            var page = await (await browser.GetAsync($"/invoices/{noteId}")).Content.ReadAsStringAsync();
            Assert.Contains($"Credit note {note.Number}", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        }

        var tooMuch = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paidId}/credit-note", new { reason = "More downtime", amount = total - 300 + 1, toCard = false });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("left to credit", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var rest = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paidId}/credit-note", new { reason = "Cancelled in the first week", amount = total - 300, toCard = false });
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        var full = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paidId}/credit-note", new { reason = "Once more", amount = 1, toCard = false });
        Assert.Equal(HttpStatusCode.BadRequest, full.StatusCode);
        Assert.Contains("credited in full", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(total, (await customer.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());

        var ofNote = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{noteId}/credit-note", new { reason = "Nonsense", amount = 1, toCard = false });
        Assert.Equal(HttpStatusCode.Conflict, ofNote.StatusCode);
    }

    [Fact]
    public async Task A_refund_goes_back_to_the_card_when_the_gateway_can_and_to_credit_when_it_cannot()
    {
        var (customer, _) = await CustomerAsync();
        var cardId = await OrderAsync(customer, "Refunded");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, cardId)).StatusCode);
        var manualId = await OrderAsync(customer, "Manual");
        var admin = await AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{manualId}/mark-paid", new { reason = Reason })).StatusCode);

        var toCard = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{cardId}/credit-note", new { reason = "Refund requested", amount = 200, toCard = true });
        var noCard = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{manualId}/credit-note", new { reason = "Refund requested", amount = 150, toCard = true });

        Assert.Equal(HttpStatusCode.OK, toCard.StatusCode);
        var noteId = (await toCard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creditNoteId").GetInt32();
        var refund = await BillingApiClient.WithDbAsync(factory, db => db.Payments.SingleAsync(p => p.InvoiceId == noteId));
        Assert.Equal(PaymentStatus.Refunded, refund.Status);
        Assert.Equal(-200, refund.AmountMinor);
        Assert.Equal(HttpStatusCode.OK, noCard.StatusCode);
        Assert.Contains("account credit", await noCard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(150, (await customer.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());

        await using var scope = factory.Services.CreateAsyncScope();
        var (payments, total) = await scope.ServiceProvider.GetRequiredService<InvoiceDirectory>()
            .ListPaymentsAsync(new PaymentFilter(PaymentStatus.Refunded, null), 0, 10, CancellationToken.None);
        Assert.Equal(1, total);
        Assert.Equal(-200, Assert.Single(payments).AmountMinor);
    }

    [Theory]
    [InlineData("mark-paid")]
    [InlineData("void")]
    [InlineData("credit-note")]
    public async Task Every_action_needs_a_reason_and_changes_nothing_without_one(string action)
    {
        var (customer, _) = await CustomerAsync();
        var invoiceId = await OrderAsync(customer, "Reasonless");
        if (action == "credit-note")
        {
            Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, invoiceId)).StatusCode);
        }

        var before = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync());
        var status = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Status).SingleAsync());
        var admin = await AdminAsync();

        foreach (var reason in new[] { null, "", "   ", new string('x', BillingAdministration.ReasonMaxLength + 1) })
        {
            var response = await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/{action}", new { reason, amount = 100, toCard = false });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("reason", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.CountAsync()));
        Assert.Equal(status, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task Bad_amounts_and_unknown_invoices_are_refused_with_a_message()
    {
        var (customer, email) = await CustomerAsync();
        var invoiceId = await OrderAsync(customer, "Amounts");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, invoiceId)).StatusCode);
        var admin = await AdminAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/credit-note", new { reason = "x", amount = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/credit-note", new { reason = "x", amount = -5 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/credit-note", new { reason = "x", amount = long.MaxValue })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/admin/invoices/99999999/mark-paid", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/admin/billing/credit", new { email = "nobody@example.test", amount = 100, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/admin/billing/credit", new { email, amount = -100, reason = "Take back" })).StatusCode);

        var added = await admin.PostAsJsonAsync("/api/v1/admin/billing/credit", new { email, amount = 250, reason = "Goodwill" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(250, (await customer.GetFromJsonAsync<JsonElement>("/api/v1/account/credit")).GetProperty("balance").GetInt64());
        Assert.True(await ActivityAsync(email, AccountActivityKind.CreditAdjusted, "Goodwill"));
    }

    [Fact]
    public async Task Customers_and_support_staff_are_refused()
    {
        var (customer, _) = await CustomerAsync();
        var invoiceId = await OrderAsync(customer, "Forbidden");
        var supportEmail = await AccountJourney.CreateAsync(factory, "Support");
        await AccountJourney.EnableTwoFactorAsync(factory, supportEmail);
        var support = await BillingApiClient.ForAsync(factory, supportEmail);

        foreach (var client in new[] { customer, support })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/mark-paid", new { reason = Reason })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/admin/invoices/{invoiceId}/void", new { reason = Reason })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/billing/revenue")).StatusCode);
        }

        Assert.Equal(InvoiceStatus.Draft, await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("/admin/invoices")]
    [InlineData("/admin/payments")]
    [InlineData("/admin/plans")]
    [InlineData("/admin/templates")]
    [InlineData("/admin/coupons")]
    [InlineData("/admin/tax-rates")]
    public async Task A_customer_gets_403_on_the_billing_admin_pages_and_an_admin_sees_them(string path)
    {
        var customer = await AccountJourney.CreateAsync(factory, "Customer");
        using var customerClient = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(customerClient, customer);
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        var key = await AccountJourney.EnableTwoFactorAsync(factory, admin);
        using var adminClient = factory.CreatePortalClient();
        await AccountJourney.LogInWithTwoFactorAsync(adminClient, admin, key);

        Assert.Equal(HttpStatusCode.Forbidden, (await customerClient.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_revenue_summary_counts_this_months_invoices_payments_and_credit_notes()
    {
        var admin = await AdminAsync();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/billing/revenue");
        var (customer, _) = await CustomerAsync();
        var paidId = await OrderAsync(customer, "Revenue");
        Assert.Equal(HttpStatusCode.OK, (await BillingApiClient.PayAsync(customer, paidId)).StatusCode);
        var total = await BillingApiClient.WithDbAsync(factory, db => db.Invoices.Where(i => i.Id == paidId).Select(i => i.TotalMinor).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/invoices/{paidId}/credit-note", new { reason = "Goodwill", amount = 100, toCard = false })).StatusCode);

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/billing/revenue");

        Assert.Equal(total, Delta("invoicedMinor"));
        Assert.Equal(total, Delta("collectedMinor"));
        Assert.Equal(100, Delta("creditNotesMinor"));
        Assert.Equal(1, Delta("activeSubscriptions"));
        Assert.True(Delta("monthlyRecurringMinor") > 0);

        long Delta(string field) => after.GetProperty(field).GetInt64() - before.GetProperty(field).GetInt64();
    }

    private async Task<(HttpClient Client, string Email)> CustomerAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        return (await BillingApiClient.ForAsync(factory, email), email);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, admin);
        return await BillingApiClient.ForAsync(factory, admin);
    }

    private static async Task<int> OrderAsync(HttpClient client, string name) =>
        (await BillingApiClient.OrderAsync(client, name: name)).GetProperty("invoice").GetProperty("id").GetInt32();

    /// <summary>An issued, unpaid renewal of the paid order's subscription, as the billing run would write it.</summary>
    private Task<Invoice> OpenRenewalAsync(int paidOrderInvoiceId) => BillingApiClient.WithDbAsync(factory, async db =>
    {
        var paid = await db.Invoices.AsNoTracking().SingleAsync(i => i.Id == paidOrderInvoiceId);
        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => db.Orders.Any(o => o.Id == paid.OrderId && o.ServerId == s.ServerId));
        var now = DateTimeOffset.UtcNow;
        var renewal = new Invoice
        {
            CustomerId = paid.CustomerId, Kind = InvoiceKind.Renewal, Status = InvoiceStatus.Open, SubscriptionId = subscription.Id, Currency = paid.Currency,
            SubtotalMinor = 699, TaxMinor = 0, TotalMinor = 699, PeriodStart = subscription.CurrentPeriodEnd, PeriodEnd = subscription.CurrentPeriodEnd.AddMonths(1),
            CreatedAt = now, DueAt = subscription.CurrentPeriodEnd,
            Lines = [new InvoiceLine { Position = 1, Description = "Renewal", NetMinor = 699 }],
        };
        await using var transaction = await db.Database.BeginTransactionAsync();
        await InvoiceNumbers.AssignAsync(db, [renewal], now, CancellationToken.None);
        db.Invoices.Add(renewal);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return renewal;
    });

    private Task<bool> ActivityAsync(string email, AccountActivityKind kind, string text) => BillingApiClient.WithDbAsync(factory, db =>
        db.AccountActivities.AnyAsync(a => a.Kind == kind && a.Detail.Contains(text) && db.Users.Any(u => u.Id == a.UserId && u.Email == email)));
}
