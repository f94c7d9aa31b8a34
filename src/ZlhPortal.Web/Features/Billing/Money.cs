using System.Globalization;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing;

/// <summary>Formats minor units for people: the installation's currency in the reader's culture.</summary>
public static class Money
{
    public static string Format(long minor, string currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = Symbol(currency);
        var digits = MinorDigits(currency);
        format.CurrencyDecimalDigits = digits;
        return (minor / (decimal)Math.Pow(10, digits)).ToString("C", format);
    }

    public static int MinorDigits(string currency) => currency.ToUpperInvariant() switch
    {
        "JPY" or "KRW" => 0,
        _ => 2,
    };

    /// <summary>Parses a major-unit amount typed by a person ("12.50") into minor units; null when it is not one.</summary>
    public static long? ParseMajor(string? text, string currency)
    {
        if (!decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }

        var minor = major * (decimal)Math.Pow(10, MinorDigits(currency));
        return minor != decimal.Truncate(minor) || Math.Abs(minor) > Pricing.MaxAmountMinor ? null : (long)minor;
    }

    /// <summary>The inverse of <see cref="ParseMajor"/>: minor units as a plain major-unit number ("12.5") for an input field.</summary>
    public static string ToMajorText(long minor, string currency) =>
        (minor / (decimal)Math.Pow(10, MinorDigits(currency))).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Minor units as a major-unit number with all the currency's digits ("12.30", "-0.05") for exports; integer
    /// arithmetic, so every cent is the cent that was stored.
    /// </summary>
    public static string ToFixedMajorText(long minor, string currency)
    {
        var digits = MinorDigits(currency);
        if (digits == 0)
        {
            return minor.ToString(CultureInfo.InvariantCulture);
        }

        var factor = 1L;
        for (var i = 0; i < digits; i++)
        {
            factor *= 10;
        }

        var whole = Math.Abs(minor / factor).ToString(CultureInfo.InvariantCulture);
        var fraction = Math.Abs(minor % factor).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
        return (minor < 0 ? "-" : "") + whole + "." + fraction;
    }

    private static string Symbol(string currency) => currency.ToUpperInvariant() switch
    {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" => "¥",
        _ => currency.ToUpperInvariant() + " ",
    };
}
