using ZlhPortal.Proxmox;

namespace ZlhPortal.UnitTests.Proxmox;

public sealed class UpidTests
{
    [Fact]
    public void Parses_every_field_of_a_token_task()
    {
        var upid = Upid.Parse("UPID:pve:000D7AA2:08D5A17C:63DF62A5:vzclone:200:root@pam!api_token:");

        Assert.Equal("pve", upid.Node);
        Assert.Equal(0xD7AA2, upid.Pid);
        Assert.Equal(0x08D5A17C, upid.ProcessStart);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x63DF62A5), upid.StartTime);
        Assert.Equal("vzclone", upid.Type);
        Assert.Equal("200", upid.Id);
        Assert.Equal("root@pam!api_token", upid.User);
    }

    [Fact]
    public void Accepts_an_empty_id_and_a_nine_digit_process_start()
    {
        var upid = Upid.Parse("UPID:pve2:00001234:1A2B3C4D5:6731F0A0:vzdump::portal@pve!zlh:");

        Assert.Equal("", upid.Id);
        Assert.Equal(0x1A2B3C4D5, upid.ProcessStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("UPID:pve:zz:08D5A17C:63DF62A5:vzclone:200:root@pam:")]
    [InlineData("UPID:pve:000D7AA2:08D5A17C:63DF62A5:vzclone:200:root@pam")]
    [InlineData("UPID::000D7AA2:08D5A17C:63DF62A5:vzclone:200:root@pam:")]
    public void Rejects_what_is_not_a_upid(string text)
    {
        Assert.False(Upid.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Upid.Parse(text));
    }

    [Fact]
    public void Creates_the_encoding_pve_common_uses()
    {
        var upid = Upid.Create("pve1", 0xA1B2, 0x12AB34, DateTimeOffset.FromUnixTimeSeconds(0x6731F0A0), "vzstart", "1001", "portal@pve!zlh");

        Assert.Equal("UPID:pve1:0000A1B2:0012AB34:6731F0A0:vzstart:1001:portal@pve!zlh:", upid.Value);
        Assert.Equal(upid, Upid.Parse(upid.Value));
    }
}
