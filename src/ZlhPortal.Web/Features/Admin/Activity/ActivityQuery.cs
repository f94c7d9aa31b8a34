using System.Globalization;
using ZlhPortal.Web.Features.Accounts.Activity;

namespace ZlhPortal.Web.Features.Admin.Activity;

/// <summary>
/// The activity log's filters as the query string spells them (<c>?kind=&amp;actor=&amp;customer=&amp;server=&amp;from=&amp;to=&amp;search=</c>),
/// shared by the page, its CSV download and <c>GET /api/v1/admin/activity</c>. Dates are UTC; a date without a time in
/// <c>to</c> includes that whole day.
/// </summary>
public static class ActivityQuery
{
    public static (ActivityFilter? Filter, string? Problem) Parse(string? kind, string? actor, string? customer, string? server, string? from, string? to, string? search)
    {
        AccountActivityKind? parsedKind = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var name = kind.Trim().Replace("-", "", StringComparison.Ordinal);
            if (!Enum.TryParse<AccountActivityKind>(name, ignoreCase: true, out var k) || !Enum.IsDefined(k) || int.TryParse(name, out _))
            {
                return (null, $"Unknown kind \"{kind}\"; use one of {string.Join(", ", Enum.GetNames<AccountActivityKind>())}.");
            }

            parsedKind = k;
        }

        int? serverId = null;
        if (!string.IsNullOrWhiteSpace(server))
        {
            if (!int.TryParse(server.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                return (null, $"\"server\" is a server number such as 12, not \"{server}\".");
            }

            serverId = id;
        }

        if (!TryDate(from, endOfDay: false, out var since))
        {
            return (null, $"\"from\" is a date such as 2026-12-01 or a time such as 2026-12-01T10:00:00Z, not \"{from}\".");
        }

        if (!TryDate(to, endOfDay: true, out var until))
        {
            return (null, $"\"to\" is a date such as 2026-12-31 or a time such as 2026-12-31T18:00:00Z, not \"{to}\".");
        }

        if (since is { } a && until is { } b && a >= b)
        {
            return (null, "\"from\" must be before \"to\".");
        }

        return (new ActivityFilter(parsedKind, Blank(actor), Blank(customer), serverId, since, until, Blank(search)), null);
    }

    private static bool TryDate(string? value, bool endOfDay, out DateTimeOffset? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        value = value.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            date = time;
            return true;
        }

        return false;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
