using System.Net;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// The small pages a person sees on the way into an IDE: whose IDE a link opens, the portal's hand-over, and why an IDE
/// cannot open, each saying what to do next.
/// </summary>
internal static class IdePages
{
    // Served on IDE hosts too, outside the portal's security headers: nothing here runs script or loads anything.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // The confirm page's one form posts to its own host, whose answer redirects within that host.
    private const string ConfirmPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string EnterFormId = "ide-enter";

    public static IResult Result(int status, string title, string message, string? link, string linkText) =>
        Results.Content(Html(title, Paragraph(message) + Link(link, linkText)), "text/html; charset=utf-8", statusCode: status);

    public static Task WriteAsync(HttpContext context, int status, string title, string message, string? link, string linkText) =>
        WriteAsync(context, status, ContentSecurityPolicy, Html(title, Paragraph(message) + Link(link, linkText)));

    /// <summary>
    /// On the IDE host, before a ticket is used: whose IDE it opens, and a button that posts the ticket back to this host.
    /// Someone sent a link to another account's IDE learns it here, before their browser is signed in to it.
    /// </summary>
    public static Task WriteConfirmAsync(HttpContext context, int serverId, string serverName, string ownerEmail, string ticket, string? back)
    {
        var body = $"""
            <p>This is the IDE of the server <strong>{Encode(serverName)}</strong> (#{serverId}), which belongs to <strong>{Encode(ownerEmail)}</strong>.
            Opening it signs this browser in to that account's IDE: anything you type or save there is theirs to read.</p>
            <p><strong>If you did not ask to open this IDE, close this page.</strong></p>
            {EnterForm(IdeProxy.EnterPath, ticket)}{Link(back, "Back to the portal")}
            """;

        // The Referrer-Policy header (no-referrer, the link carries a ticket) would make the browser send "Origin: null"
        // with the form's POST, which the enter path refuses; strict-origin still never sends more than the origin.
        return WriteAsync(context, StatusCodes.Status200OK, ConfirmPolicy,
            Html("Open this IDE?", body, """<meta name="referrer" content="strict-origin">"""));
    }

    /// <summary>
    /// On the portal, after "Open IDE": a form that posts the ticket to the IDE host and submits itself (a script from
    /// the web root; the portal allows no inline script), with its button for browsers that run no script.
    /// </summary>
    public static IResult Handover(Uri enterUrl, string ticket) =>
        Results.Content(Html("Opening the IDE",
            $"""<p>Taking you to your server's IDE. If nothing happens, use the button.</p>{EnterForm(enterUrl.AbsoluteUri, ticket)}<script src="/js/ide-enter.js"></script>"""),
            "text/html; charset=utf-8");

    private static async Task WriteAsync(HttpContext context, int status, string policy, string html)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.WriteAsync(html);
    }

    private static string EnterForm(string action, string ticket) =>
        $"""<form id="{EnterFormId}" method="post" action="{Encode(action)}"><input type="hidden" name="ticket" value="{Encode(ticket)}"><button type="submit">Open the IDE</button></form>""";

    private static string Paragraph(string text) => $"<p>{Encode(text)}</p>";

    private static string Link(string? link, string text) => link is null ? "" : $"""<p><a href="{Encode(link)}">{Encode(text)}</a></p>""";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Html(string title, string body, string head = "") => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{{head}}
        <title>{{Encode(title)}} · IDE</title>
        <style>body { font: 16px system-ui, sans-serif; max-width: 36rem; margin: 15vh auto; padding: 0 1rem; color: #222; } a { color: #1565c0; } button { font: inherit; padding: .5rem 1.25rem; }</style>
        </head><body><h1>{{Encode(title)}}</h1>{{body}}</body></html>
        """;
}
