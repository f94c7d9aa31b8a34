namespace ZlhPortal.Web.Infrastructure.Web;

public static class SecurityHeaders
{
    private static readonly object FormTargetKey = new();

    // Blazor Server needs same-origin scripts and a same-origin WebSocket; MudBlazor sets inline styles.
    // QR codes are data: images. Nothing may frame the portal.
    private static string ContentSecurityPolicy(string formAction) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        $"font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action {formAction}; object-src 'none'";

    private static readonly string PortalPolicy = ContentSecurityPolicy("'self'");

    // Hangfire's dashboard ships inline scripts of its own; it is admin-only and same-origin.
    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>
    /// Lets this one response's page submit forms to <paramref name="target"/>'s origin as well as the portal's own
    /// (CSP <c>form-action</c>); every other directive, and every other response, stays as it is.
    /// </summary>
    public static void AllowFormTarget(this HttpContext context, Uri target)
    {
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"A form target must be an absolute http(s) address, not {target}.", nameof(target));
        }

        context.Items[FormTargetKey] = target.GetLeftPart(UriPartial.Authority);
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Jobs.HangfireSetup.DashboardPath) ? DashboardPolicy
                : context.Items.TryGetValue(FormTargetKey, out var target) ? ContentSecurityPolicy($"'self' {target}")
                : PortalPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
