using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Billing.Coupons;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing.Tax;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Placement;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>
/// The checkout: prices and places orders. It validates the choice, reserves capacity before the customer pays (a full
/// platform says so instead of taking money), and writes the order with its first invoice as a draft the invoice page
/// takes payment for.
/// </summary>
public sealed class Checkout(
    IDbContextFactory<AppDbContext> dbFactory, ServerPlacement placement, TaxTable taxes, CouponBook coupons, UserPreferences preferences,
    IOptions<BillingOptions> options, TimeProvider time, ILogger<Checkout> logger)
{
    public async Task<QuoteResult> QuoteAsync(string? customerId, OrderRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await QuoteAsync(db, customerId, request, ct);
    }

    public async Task<OrderResult> PlaceAsync(string customerId, OrderRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var quoted = await QuoteAsync(db, customerId, request, ct);
        if (quoted.Quote is not { } quote)
        {
            return OrderResult.Invalid(quoted.Problem!, quoted.Field);
        }

        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.OrderPaymentWindow;
        var reserved = await placement.ReserveCapacityAsync(quote.Plan, quote.Template, expiresAt, ct);
        if (!reserved.Reserved)
        {
            logger.LogWarning("Order for {Plan} refused: {Problem}", quote.Plan.Slug, reserved.Problem);
            return new OrderResult(OrderOutcome.NoCapacity, null, null, reserved.Problem);
        }

        var order = new Order
        {
            CustomerId = customerId,
            PlanId = quote.Plan.Id,
            TemplateId = quote.Template.Id,
            ServerName = quote.ServerName,
            MonthlyPriceMinor = quote.Plan.MonthlyPriceMinor,
            SetupFeeMinor = quote.Plan.SetupFeeMinor,
            Currency = quote.Currency,
            CouponId = quote.Coupon?.Id,
            ReservationId = reserved.Reservation!.Id,
            ExpiresAt = expiresAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Invoice invoice;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Orders.Add(order);
            await db.SaveChangesAsync(ct);
            if (quote.Coupon is { } coupon)
            {
                if (!await CouponBook.RedeemAsync(db, coupon.Id, customerId, order.Id, now, ct))
                {
                    await transaction.RollbackAsync(ct);
                    await placement.ReleaseReservationAsync(reserved.Reservation.Id, ct);
                    return OrderResult.Invalid(coupon.OncePerCustomer ? $"You have already used the coupon {coupon.Code}." : $"The coupon {coupon.Code} has been used up.", "coupon");
                }

                // A coupon saved for later is used up by this order.
                await UserPreferences.ForgetSavedCouponAsync(db, customerId, coupon.Code, ct);
            }

            invoice = OrderInvoiceBook.AddDraft(db, order.Id, customerId, quote.Currency, quote.Country, quote.Lines, now, expiresAt);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (quote.Coupon is { OncePerCustomer: true } redeemed && DatabaseErrors.IsUniqueViolation(e))
            {
                // The index on once-per-customer redemptions refused this one: the customer redeemed the coupon meanwhile.
                await transaction.RollbackAsync(ct);
                await placement.ReleaseReservationAsync(reserved.Reservation.Id, ct);
                return OrderResult.Invalid($"You have already used the coupon {redeemed.Code}.", "coupon");
            }

            await transaction.CommitAsync(ct);
        }

        logger.LogInformation("Order {OrderId} placed by {CustomerId}: {Plan}/{Template}, {Total} {Currency}", order.Id, customerId, quote.Plan.Slug, quote.Template.Slug,
            quote.TotalMinor, quote.Currency);
        return new OrderResult(OrderOutcome.Placed, order, invoice, null);
    }

    /// <summary>Cancels an unpaid order (not paid in time, or its invoice voided by staff): voids its draft invoice, releases its capacity and gives back its coupon use.</summary>
    public async Task<bool> CancelAsync(int orderId, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var cancelled = await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.AwaitingPayment)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.Status, OrderStatus.Cancelled).SetProperty(x => x.UpdatedAt, now), ct);
        if (cancelled == 0)
        {
            return false;
        }

        await OrderInvoiceBook.VoidUnpaidAsync(db, orderId, reason, now, ct);
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == orderId, ct);
        if (order.CouponId is { } couponId)
        {
            await CouponBook.ReturnAsync(db, couponId, orderId, ct);
        }

        await transaction.CommitAsync(ct);
        if (order.ReservationId is { } reservationId)
        {
            await placement.ReleaseReservationAsync(reservationId, ct);
        }

        return true;
    }

    private async Task<QuoteResult> QuoteAsync(AppDbContext db, string? customerId, OrderRequest request, CancellationToken ct)
    {
        var name = (request.Name ?? "").Trim();
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == (request.Plan ?? "") && p.Active, ct);
        if (plan is null)
        {
            return new QuoteResult(null, "Choose a plan that is on sale.", "plan");
        }

        var template = await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == (request.Template ?? "") && t.Active, ct);
        if (template is null)
        {
            return new QuoteResult(null, "Choose a game or dev environment that is on offer.", "template");
        }

        if (!template.Fits(plan))
        {
            return new QuoteResult(null, template.Kind != plan.Kind
                ? $"{template.Name} needs a {template.Kind.ToString().ToLowerInvariant()} plan."
                : plan.MemoryMb < template.MinMemoryMb || plan.DiskGb < template.MinDiskGb
                    ? $"{template.Name} needs at least {template.MinMemoryMb / 1024.0:0.#} GB of memory; choose a larger plan."
                    : $"{template.Name} is not sold on the {plan.Name} plan; choose another plan.", "plan");
        }

        if (name.Length is 0 or > HostedServer.NameMaxLength || name.Any(char.IsControl))
        {
            return new QuoteResult(null, $"Give the server a name of 1 to {HostedServer.NameMaxLength} characters.", "name");
        }

        if (plan.Currency != options.Value.Currency)
        {
            return new QuoteResult(null, "This plan is not sold in this installation's currency.", "plan");
        }

        Coupon? coupon = null;
        if (!string.IsNullOrWhiteSpace(request.Coupon))
        {
            (coupon, var problem) = await coupons.CheckAsync(db, request.Coupon, customerId, plan, ct);
            if (problem is not null)
            {
                return new QuoteResult(null, problem, "coupon");
            }
        }

        var (country, rate) = await taxes.ForCustomerAsync(db, customerId, ct);
        var start = time.GetUtcNow();
        var end = Pricing.PeriodEnd(start);
        var lines = new List<PricedLine>
        {
            Pricing.Line($"{plan.Name} · {template.Name} \"{name}\", {start:yyyy-MM-dd} – {end:yyyy-MM-dd}", plan.MonthlyPriceMinor, rate),
        };
        if (plan.SetupFeeMinor > 0)
        {
            lines.Add(Pricing.Line("Setup fee", plan.SetupFeeMinor, rate));
        }

        var discount = coupon is null ? 0 : Pricing.Discount(plan.MonthlyPriceMinor, coupon.Kind, coupon.Value);
        if (discount > 0)
        {
            lines.Add(Pricing.Line($"Coupon {coupon!.Code} ({coupon.Describe(plan.Currency)})", -discount, rate));
        }

        var renewalNet = plan.MonthlyPriceMinor - (coupon is { Periods: null } ? discount : 0);
        return new QuoteResult(new Quote(plan, template, name, lines, coupon, country, rate, start, end)
        {
            RenewalMinor = renewalNet + Pricing.Tax(renewalNet, rate),
        }, null);
    }

    /// <summary>Saves a coupon code for the customer's next order (null clears it); refused when the code is not one we accept.</summary>
    public async Task<string?> SaveCouponAsync(string customerId, string? code, CancellationToken ct)
    {
        var normalized = string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();
        if (normalized is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if ((await coupons.CheckAsync(db, normalized, customerId, plan: null, ct)).Problem is { } problem)
            {
                return problem;
            }
        }

        await preferences.SetSavedCouponAsync(customerId, normalized, ct);
        return null;
    }
}
