using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Billing.Documents;
using ZlhPortal.Web.Features.Billing.Pages;
using ZlhPortal.Web.Features.Billing.Payments;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Invoices;

/// <summary>Reads invoices: a customer's own (another customer's id is simply not found), or all of them for staff.</summary>
public sealed class InvoiceDirectory(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<IReadOnlyList<Invoice>> ListForCustomerAsync(string customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Invoices.AsNoTracking().Include(i => i.Lines)
            .Where(i => i.CustomerId == customerId && i.Status != InvoiceStatus.Void || i.CustomerId == customerId && i.Number != null)
            .OrderByDescending(i => i.Id).Take(500).ToListAsync(ct);
    }

    /// <param name="customerId">Null for staff.</param>
    public async Task<Invoice?> FindAsync(int id, string? customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == id && (customerId == null || i.CustomerId == customerId), ct);
    }

    /// <summary>Whom an invoice is made out to: the customer's name and email.</summary>
    public async Task<(string Name, string Email)> BillToAsync(string customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customer = await db.Users.AsNoTracking().Where(u => u.Id == customerId).Select(u => new { u.DisplayName, u.Email }).FirstAsync(ct);
        return (customer.DisplayName, customer.Email ?? "");
    }

    /// <summary>What the PDF of an invoice shows; null when the invoice is not the customer's (or does not exist).</summary>
    public async Task<InvoiceDocument?> DocumentAsync(int id, string? customerId, System.Globalization.CultureInfo? culture, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == id && (customerId == null || i.CustomerId == customerId), ct);
        if (invoice is null)
        {
            return null;
        }

        var customer = await db.Users.AsNoTracking().Where(u => u.Id == invoice.CustomerId).Select(u => new { u.DisplayName, u.Email }).FirstAsync(ct);
        return new InvoiceDocument(invoice, invoice.Lines.OrderBy(l => l.Position).ToList(), customer.DisplayName, customer.Email ?? "", invoice.Country, culture);
    }

    public static string FileName(Invoice invoice) => $"invoice-{invoice.Number ?? $"draft-{invoice.Id}"}.pdf";

    public async Task<(IReadOnlyList<InvoiceRow> Rows, int Total)> ListAllAsync(InvoiceFilter filter, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, filter);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Invoice.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = rows.Select(r => r.Invoice.Id).ToList();
        var lines = await db.InvoiceLines.AsNoTracking().Where(l => ids.Contains(l.InvoiceId)).ToListAsync(ct);
        foreach (var row in rows)
        {
            row.Invoice.Lines = lines.Where(l => l.InvoiceId == row.Invoice.Id).ToList();
        }

        return (rows.Select(r => new InvoiceRow(r.Invoice, r.Email)).ToList(), total);
    }

    /// <summary>What the invoices matching a filter add up to: their totals, and what is still to be paid on the unpaid ones.</summary>
    public async Task<InvoiceTotals> TotalsAsync(InvoiceFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, filter).Where(r => r.Invoice.Status != InvoiceStatus.Void);
        return new InvoiceTotals(
            await query.SumAsync(r => r.Invoice.TotalMinor, ct),
            await query.Where(r => r.Invoice.Status == InvoiceStatus.Open || r.Invoice.Status == InvoiceStatus.Draft).SumAsync(r => r.Invoice.TotalMinor - r.Invoice.CreditAppliedMinor, ct));
    }

    /// <summary>Every attempt to take (or give back) money, newest first, for staff.</summary>
    public async Task<(IReadOnlyList<PaymentRow> Rows, int Total)> ListPaymentsAsync(PaymentFilter filter, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = from p in db.Payments.AsNoTracking()
                    join i in db.Invoices on p.InvoiceId equals i.Id
                    join u in db.Users on p.CustomerId equals u.Id
                    select new { Payment = p, i.Number, u.Email };
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Payment.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            var term = filter.Customer.Trim();
            query = query.Where(r => r.Email!.Contains(term) || r.Number!.Contains(term) || r.Payment.GatewayReference!.Contains(term));
        }

        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Payment.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(r => new PaymentRow(r.Payment.Id, r.Payment.InvoiceId, r.Number, r.Email, r.Payment.Gateway, r.Payment.GatewayReference, r.Payment.AmountMinor,
                r.Payment.Currency, r.Payment.Status, r.Payment.FailureMessage, r.Payment.CreatedAt, r.Payment.CustomerId))
            .ToListAsync(ct);
        return (rows, total);
    }

    private static IQueryable<InvoiceWithEmail> Filtered(AppDbContext db, InvoiceFilter filter)
    {
        var query = from i in db.Invoices.AsNoTracking()
                    join u in db.Users on i.CustomerId equals u.Id
                    select new InvoiceWithEmail { Invoice = i, Email = u.Email };
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Invoice.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            var term = filter.Customer.Trim();
            query = query.Where(r => r.Email!.Contains(term) || r.Invoice.Number!.Contains(term));
        }

        return query;
    }

    private sealed class InvoiceWithEmail
    {
        public required Invoice Invoice { get; init; }

        public string? Email { get; init; }
    }
}
