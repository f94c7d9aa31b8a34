using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>What a new server costs a customer: the first invoice's lines, before anything is stored.</summary>
public sealed record Quote(
    Plan Plan, Template Template, string ServerName, IReadOnlyList<PricedLine> Lines, Coupon? Coupon, string Country, decimal TaxRatePercent,
    DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd)
{
    public string Currency => Plan.Currency;

    public long SubtotalMinor => Lines.Sum(l => l.NetMinor);

    public long TaxMinor => Lines.Sum(l => l.TaxMinor);

    public long TotalMinor => SubtotalMinor + TaxMinor;

    /// <summary>What each later month costs (after the coupon, when it keeps applying), tax included.</summary>
    public long RenewalMinor { get; init; }
}

/// <summary>A quote, or what is wrong with the request (<see cref="Field"/> names the input at fault).</summary>
public sealed record QuoteResult(Quote? Quote, string? Problem, string? Field = null);

public sealed record OrderRequest(string? Plan, string? Template, string? Name, string? Coupon);

public enum OrderOutcome
{
    Placed = 1,
    Invalid = 2,
    NoCapacity = 3,
}

public sealed record OrderResult(OrderOutcome Outcome, Order? Order, Invoice? Invoice, string? Problem, string? Field = null)
{
    public static OrderResult Invalid(string problem, string? field = null) => new(OrderOutcome.Invalid, null, null, problem, field);
}

/// <summary>
/// Prices and places orders: validates the choice, reserves capacity before the customer pays (a full platform says so
/// instead of taking money), and writes the order with its first invoice as a draft the checkout page shows.
/// </summary>
public sealed class Orders(
    IDbContextFactory<AppDbContext> dbFactory, ServerPlacement placement, TaxTable taxes, IOptions<BillingOptions> options, TimeProvider time,
    ILogger<Orders> logger)
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
        var reserved = await placement.ReserveCapacityAsync(quote.Plan, expiresAt, ct);
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
        var invoice = new Invoice
        {
            CustomerId = customerId,
            Kind = InvoiceKind.Order,
            Status = InvoiceStatus.Draft,
            Currency = quote.Currency,
            Country = quote.Country,
            CreatedAt = now,
            DueAt = expiresAt,
        }.WithLines(quote.Lines);

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (quote.Coupon is { } coupon)
            {
                var counted = await db.Coupons.Where(c => c.Id == coupon.Id && (c.MaxUses == null || c.Uses < c.MaxUses))
                    .ExecuteUpdateAsync(c => c.SetProperty(x => x.Uses, x => x.Uses + 1), ct);
                if (counted == 0)
                {
                    await transaction.RollbackAsync(ct);
                    await placement.ReleaseReservationAsync(reserved.Reservation.Id, ct);
                    return OrderResult.Invalid($"The coupon {coupon.Code} has been used up.", "coupon");
                }
            }

            db.Orders.Add(order);
            await db.SaveChangesAsync(ct);
            invoice.OrderId = order.Id;
            db.Invoices.Add(invoice);
            if (quote.Coupon is not null)
            {
                db.CouponRedemptions.Add(new CouponRedemption { CouponId = quote.Coupon.Id, CustomerId = customerId, OrderId = order.Id, CreatedAt = now });
                // A coupon saved for later is used up by this order.
                await db.Users.Where(u => u.Id == customerId && u.SavedCouponCode == quote.Coupon.Code)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.SavedCouponCode, (string?)null), ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        logger.LogInformation("Order {OrderId} placed by {CustomerId}: {Plan}/{Template}, {Total} {Currency}", order.Id, customerId, quote.Plan.Slug, quote.Template.Slug,
            quote.TotalMinor, quote.Currency);
        return new OrderResult(OrderOutcome.Placed, order, invoice, null);
    }

    /// <summary>Cancels an unpaid order: voids its draft invoice, releases its capacity and gives back its coupon use.</summary>
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

        await db.Invoices.Where(i => i.OrderId == orderId && (i.Status == InvoiceStatus.Draft || i.Status == InvoiceStatus.Open)).VoidAsync(reason, now, ct);
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == orderId, ct);
        if (order.CouponId is { } couponId && await db.CouponRedemptions.Where(r => r.OrderId == orderId).ExecuteDeleteAsync(ct) > 0)
        {
            await db.Coupons.Where(c => c.Id == couponId && c.Uses > 0).ExecuteUpdateAsync(c => c.SetProperty(x => x.Uses, x => x.Uses - 1), ct);
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
                : $"{template.Name} needs at least {template.MinMemoryMb / 1024.0:0.#} GB of memory; choose a larger plan.", "plan");
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
            (coupon, var problem) = await CheckCouponAsync(db, request.Coupon, customerId, plan, ct);
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
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();
        if (normalized is not null)
        {
            var now = time.GetUtcNow();
            var coupon = normalized.Length > Coupon.CodeMaxLength ? null : await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized && c.Active, ct);
            if (coupon is null)
            {
                return $"There is no coupon {normalized}.";
            }

            if (coupon.ExpiresAt is { } expires && expires <= now)
            {
                return $"The coupon {normalized} expired on {expires:yyyy-MM-dd}.";
            }

            if (coupon.OncePerCustomer && await db.CouponRedemptions.AnyAsync(r => r.CouponId == coupon.Id && r.CustomerId == customerId, ct))
            {
                return $"You have already used the coupon {normalized}.";
            }
        }

        await db.Users.Where(u => u.Id == customerId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SavedCouponCode, normalized), ct);
        return null;
    }

    /// <summary>Whether a coupon code may be used by this customer on this plan now.</summary>
    public async Task<(Coupon? Coupon, string? Problem)> CheckCouponAsync(AppDbContext db, string code, string? customerId, Plan plan, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (normalized.Length > Coupon.CodeMaxLength)
        {
            return (null, "There is no such coupon.");
        }

        var coupon = await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normalized && c.Active, ct);
        if (coupon is null)
        {
            return (null, $"There is no coupon {normalized}.");
        }

        if (coupon.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return (null, $"The coupon {normalized} expired on {expires:yyyy-MM-dd}.");
        }

        if (coupon.MaxUses is { } max && coupon.Uses >= max)
        {
            return (null, $"The coupon {normalized} has been used up.");
        }

        if (!coupon.AppliesTo(plan.Slug))
        {
            return (null, $"The coupon {normalized} is not valid for the {plan.Name} plan.");
        }

        if (coupon.OncePerCustomer && customerId is not null && await db.CouponRedemptions.AnyAsync(r => r.CouponId == coupon.Id && r.CustomerId == customerId, ct))
        {
            return (null, $"You have already used the coupon {normalized}.");
        }

        return (coupon, null);
    }
}

/// <summary>The tax rate a customer pays: by their billing country, from the admin-edited rate table.</summary>
public sealed class TaxTable(IDbContextFactory<AppDbContext> dbFactory, IOptions<BillingOptions> options)
{
    public async Task<IReadOnlyList<TaxRate>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TaxRates.AsNoTracking().OrderBy(t => t.Country).ToListAsync(ct);
    }

    /// <summary>Adds or changes a country's rate; it applies to invoices issued from now on. Null when saved, else what is wrong.</summary>
    public async Task<string?> SaveAsync(string? country, string? name, decimal ratePercent, CancellationToken ct = default)
    {
        country = (country ?? "").Trim().ToUpperInvariant();
        name = (name ?? "").Trim();
        if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
        {
            return "Give the country as its two-letter ISO code, e.g. DE.";
        }

        if (name.Length is 0 or > 40)
        {
            return "Give the tax a name of 1 to 40 characters, e.g. VAT.";
        }

        if (ratePercent is < 0 or > 100 || decimal.Round(ratePercent, 4) != ratePercent)
        {
            return "The rate is a percentage from 0 to 100 with at most 4 decimals.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rate = await db.TaxRates.FirstOrDefaultAsync(t => t.Country == country, ct);
        if (rate is null)
        {
            db.TaxRates.Add(rate = new TaxRate { Country = country });
        }

        rate.Name = name;
        rate.RatePercent = ratePercent;
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Customers billed in the country pay no tax on invoices issued from now on.</summary>
    public async Task<bool> RemoveAsync(string country, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TaxRates.Where(t => t.Country == country).ExecuteDeleteAsync(ct) > 0;
    }

    public async Task<(string Country, decimal RatePercent)> ForCustomerAsync(AppDbContext db, string? customerId, CancellationToken ct)
    {
        var country = customerId is null ? null : await db.Users.Where(u => u.Id == customerId).Select(u => u.BillingCountry).FirstOrDefaultAsync(ct);
        country = string.IsNullOrWhiteSpace(country) ? options.Value.DefaultCountry : country.ToUpperInvariant();
        var rate = await db.TaxRates.Where(t => t.Country == country).Select(t => (decimal?)t.RatePercent).FirstOrDefaultAsync(ct) ?? 0m;
        return (country, rate);
    }

    /// <summary>The same for many customers with two queries (the billing run's batches).</summary>
    public async Task<Dictionary<string, (string Country, decimal RatePercent)>> ForCustomersAsync(AppDbContext db, IReadOnlyCollection<string> customerIds, CancellationToken ct)
    {
        var countries = await db.Users.Where(u => customerIds.Contains(u.Id)).Select(u => new { u.Id, u.BillingCountry }).ToDictionaryAsync(u => u.Id, u => u.BillingCountry, ct);
        var table = await db.TaxRates.AsNoTracking().ToDictionaryAsync(t => t.Country, t => t.RatePercent, ct);
        return customerIds.ToDictionary(id => id, id =>
        {
            var country = countries.GetValueOrDefault(id) is { Length: > 0 } set ? set.ToUpperInvariant() : options.Value.DefaultCountry;
            return (country, table.GetValueOrDefault(country));
        });
    }
}
