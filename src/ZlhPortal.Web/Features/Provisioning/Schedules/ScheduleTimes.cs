using Cronos;

namespace ZlhPortal.Web.Features.Provisioning.Schedules;

/// <summary>Reading a schedule's cron and time zone the way Hangfire will run them (Hangfire parses cron with Cronos too).</summary>
public static class ScheduleTimes
{
    /// <summary>The cron parsed, or why it cannot be: five fields only (no seconds, no macros).</summary>
    public static (CronExpression? Cron, string? Problem) ParseCron(string? cron)
    {
        var text = (cron ?? "").Trim();
        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            return (null, "Give the schedule a cron of five fields: minute, hour, day of month, month, day of week (e.g. \"0 4 * * *\" for 4:00 every day).");
        }

        try
        {
            return (CronExpression.Parse(text, CronFormat.Standard), null);
        }
        catch (CronFormatException e)
        {
            return (null, $"The cron \"{text}\" cannot be read: {e.Message}");
        }
    }

    /// <summary>The time zone of an IANA id such as <c>Europe/Berlin</c>, or null when there is none by that id.</summary>
    public static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return zone.HasIanaId ? zone : null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>When the schedule next runs after <paramref name="now"/>; null if the cron or zone is unreadable or it never occurs.</summary>
    public static DateTimeOffset? Next(string cron, string timeZone, DateTimeOffset now) =>
        ParseCron(cron).Cron is { } parsed && FindTimeZone(timeZone) is { } zone ? parsed.GetNextOccurrence(now, zone) : null;
}
