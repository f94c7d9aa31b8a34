using System.Net;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>The small pages a person sees instead of their IDE when it cannot open, each saying what to do next.</summary>
internal static class IdePages
{
    // Served on IDE hosts too, outside the portal's security headers: nothing here runs script or loads anything.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult Result(int status, string title, string message, string? link, string linkText) =>
        Results.Content(Html(title, message, link, linkText), "text/html; charset=utf-8", statusCode: status);

    public static async Task WriteAsync(HttpContext context, int status, string title, string message, string? link, string linkText)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.WriteAsync(Html(title, message, link, linkText));
    }

    private static string Html(string title, string message, string? link, string linkText)
    {
        var action = link is null ? "" : $"""<p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(linkText)}</a></p>""";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · IDE</title>
            <style>body { font: 16px system-ui, sans-serif; max-width: 36rem; margin: 15vh auto; padding: 0 1rem; color: #222; } a { color: #1565c0; }</style>
            </head><body><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(message)}}</p>{{action}}</body></html>
            """;
    }
}
