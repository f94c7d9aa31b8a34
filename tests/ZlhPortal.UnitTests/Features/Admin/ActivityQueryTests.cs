using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Admin.Activity;

namespace ZlhPortal.UnitTests.Features.Admin;

public sealed class ActivityQueryTests
{
    [Fact]
    public void A_date_only_to_includes_that_whole_day_and_kinds_read_in_either_spelling()
    {
        var (filter, problem) = ActivityQuery.Parse("unlocked-by-staff", " a@b.test ", null, "#12", "2026-12-01", "2026-12-01", null);

        Assert.Null(problem);
        Assert.Equal(AccountActivityKind.UnlockedByStaff, filter!.Kind);
        Assert.Equal("a@b.test", filter.Actor);
        Assert.Equal(12, filter.ServerId);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Theory]
    [InlineData("7", null, null)]
    [InlineData(null, "0", null)]
    [InlineData(null, null, "2026-13-01")]
    public void Numbers_for_kinds_and_impossible_servers_or_dates_are_refused(string? kind, string? server, string? from)
    {
        var (filter, problem) = ActivityQuery.Parse(kind, null, null, server, from, null, null);

        Assert.Null(filter);
        Assert.NotNull(problem);
    }
}
