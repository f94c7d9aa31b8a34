using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts.Identity;
using ZlhPortal.Web.Features.Accounts;

namespace ZlhPortal.UnitTests.Features.Accounts;

public sealed class AuthenticatorKeysTests
{
    [Fact]
    public void Keys_are_shown_in_lower_case_groups_of_four() =>
        Assert.Equal("abcd efgh ijkl mn", AuthenticatorKeys.Format("ABCDEFGHIJKLMN"));

    [Fact]
    public void The_uri_names_issuer_and_account_escaped() =>
        Assert.Equal("otpauth://totp/Zero%20Lag:a%2Bb%40example.com?secret=KEY&issuer=Zero%20Lag&digits=6",
            AuthenticatorKeys.Uri("Zero Lag", "a+b@example.com", "KEY"));

    [Fact]
    public void The_qr_code_is_a_png_data_uri()
    {
        var uri = AuthenticatorKeys.QrCodeDataUri("otpauth://totp/x");
        var png = Convert.FromBase64String(uri["data:image/png;base64,".Length..]);

        Assert.StartsWith("data:image/png;base64,", uri);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void Generated_passwords_are_long_and_differ() =>
        Assert.NotEqual(AccountDirectory.GeneratePassword(), AccountDirectory.GeneratePassword());
}
