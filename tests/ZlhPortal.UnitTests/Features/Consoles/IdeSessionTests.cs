using ZlhPortal.Web.Features.Consoles.Ides;

namespace ZlhPortal.UnitTests.Features.Consoles;

public sealed class IdeSessionTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);

    [Fact]
    public void An_ide_cookie_in_constant_use_still_ends_at_its_maximum_lifetime()
    {
        using var session = new IdeSession("t", "u", 1, new Uri("http://10.0.0.5:8080"), "credential", "stamp", Opened, Opened + Idle, Opened + TimeSpan.FromHours(1));

        // Used every 15 minutes: renewed each time, but never past the hour.
        for (var now = Opened + TimeSpan.FromMinutes(15); now < Opened + TimeSpan.FromHours(2); now += TimeSpan.FromMinutes(15))
        {
            session.Renew(now, Idle);
        }

        Assert.Equal(Opened + TimeSpan.FromHours(1), session.ExpiresAt);
    }

    [Fact]
    public void A_renewal_moves_the_expiry_once_half_the_idle_time_is_gone()
    {
        using var session = new IdeSession("t", "u", 1, new Uri("http://10.0.0.5:8080"), "credential", "stamp", Opened, Opened + Idle, Opened + TimeSpan.FromHours(12));

        Assert.False(session.Renew(Opened + TimeSpan.FromMinutes(5), Idle));
        Assert.True(session.Renew(Opened + TimeSpan.FromMinutes(11), Idle));
        Assert.Equal(Opened + TimeSpan.FromMinutes(31), session.ExpiresAt);
    }
}
