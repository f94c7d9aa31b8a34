using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Accounts;

/// <summary>Moving an account to another address needs its password, and the address it has now hears of it.</summary>
public sealed class EmailChangeTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<(PortalClient Client, string Email)> SignedInAsync()
    {
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        var client = factory.CreatePortalClient();
        await AccountJourney.LogInAsync(client, email);
        return (client, email);
    }

    [Fact]
    public async Task Without_the_current_password_the_email_does_not_change_and_no_link_is_sent()
    {
        var (client, email) = await SignedInAsync();
        var newEmail = AccountJourney.NewEmail("moved");

        var response = await client.SubmitFormAsync("/Account/Manage/Email", "change-email",
            new Dictionary<string, string> { ["Input.NewEmail"] = newEmail, ["Input.Password"] = "Not-The-Passw0rd" });

        Assert.Contains("not your current password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(factory.Mailbox.MessagesTo(newEmail));
        Assert.Empty(factory.Mailbox.MessagesTo(email));
        client.Dispose();
    }

    [Fact]
    public async Task With_the_password_the_new_address_gets_the_link_and_the_old_one_is_told()
    {
        var (client, email) = await SignedInAsync();
        var newEmail = AccountJourney.NewEmail("moved");

        await client.SubmitFormAsync("/Account/Manage/Email", "change-email",
            new Dictionary<string, string> { ["Input.NewEmail"] = newEmail, ["Input.Password"] = AccountJourney.Password });

        Assert.Contains("/Account/ConfirmEmailChange", Mailbox.LinkIn(factory.Mailbox.Single(newEmail, "Confirm"), "/Account/ConfirmEmailChange"));
        var notice = factory.Mailbox.Single(email, "about to change");
        Assert.Contains(newEmail, notice.TextBody, StringComparison.Ordinal);
        client.Dispose();
    }
}
