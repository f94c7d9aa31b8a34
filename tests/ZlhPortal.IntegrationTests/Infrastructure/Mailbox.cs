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
