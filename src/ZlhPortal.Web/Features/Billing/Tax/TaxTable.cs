using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Billing.Tax;

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

    public async Task<(string Country, decimal RatePercent)> ForCustomerAsync(string? customerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ForCustomerAsync(db, customerId, ct);
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
