using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>Reads the .eml files the portal wrote to its pickup folder.</summary>
public sealed partial class Mailbox(string directory)
{
    public IReadOnlyList<MimeMessage> MessagesTo(string email)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, "*.eml").Order()
            .Select(file => MimeMessage.Load(file))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>
    /// Waits for exactly one message to <paramref name="email"/> whose subject contains every one of <paramref name="subjectParts"/>;
    /// for mail that background work sends after the state a test can see has changed.
    /// </summary>
    public async Task<MimeMessage> ArrivalAsync(string email, params string[] subjectParts)
    {
        bool Matches(MimeMessage m) => subjectParts.All(part => m.Subject?.Contains(part, StringComparison.OrdinalIgnoreCase) == true);
        var messages = await Eventually.UntilAsync(() => Task.FromResult(MessagesTo(email)), all => all.Any(Matches),
            what: $"mail to {email} about '{string.Join("', '", subjectParts)}'");
        return Assert.Single(messages, Matches);
    }

    public MimeMessage Single(string email, string subjectContains) =>
        Assert.Single(MessagesTo(email), m => m.Subject?.Contains(subjectContains, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The first link in the message's HTML part that contains <paramref name="pathContains"/>.</summary>
    public static string LinkIn(MimeMessage message, string pathContains)
    {
        var html = message.HtmlBody ?? "";
        foreach (Match match in HrefPattern().Matches(html))
        {
            var href = WebUtility.HtmlDecode(match.Groups[1].Value);
            if (href.Contains(pathContains, StringComparison.OrdinalIgnoreCase))
            {
                return href;
            }
        }

        throw new Xunit.Sdk.XunitException($"No link containing '{pathContains}' in message '{message.Subject}'.");
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex HrefPattern();
}
