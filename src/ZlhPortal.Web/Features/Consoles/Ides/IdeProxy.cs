using System.Data.Common;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Proxy;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Runtime;
using ZlhPortal.Web.Infrastructure.Web;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.Web.Features.Consoles.Ides;

/// <summary>
/// Dev servers' IDEs, each on its own origin <c>{serverId}.{BaseDomain}</c> (DESIGN.md §6). The portal page
/// <c>/servers/{id}/ide</c> mints a single-use IDE ticket and posts it to the IDE host (the API hands out a link to the
/// IDE host's page that shows whose IDE it is, with a button that posts it); the IDE host trades it for a host-only
/// IDE cookie for that server alone, and with the cookie, HTTP and WebSocket traffic is forwarded to the container's IDE port.
/// </summary>
public static class IdeProxy
{
    /// <summary>The one path on an IDE host the portal keeps for itself.</summary>
    public const string EnterPath = "/.zlh/enter";

    private const string CookieName = "zlh.ide";
    private const string SecureCookieName = "__Host-zlh.ide";

    /// <summary>Every portal cookie (and the IDE cookie) is named <c>zlh.*</c>, prefixed with <c>__Host-</c> over HTTPS.</summary>
    internal static bool IsPortalCookie(string name) =>
        name.StartsWith("zlh.", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("__Host-zlh.", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("__Secure-zlh.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Branches requests for IDE hosts off before the portal's own pipeline (status pages, security headers,
    /// authentication, antiforgery, pages): nothing of the portal answers on an IDE origin. Call first.
    /// </summary>
    public static WebApplication UseIdeHosts(this WebApplication app)
    {
        var hosts = app.Services.GetRequiredService<IdeHosts>();
        var requireHttps = PortalOptions.IsHttpsRequired(app.Configuration, app.Environment);
        var invoker = app.Services.GetRequiredKeyedService<HttpMessageInvoker>(ConsoleProxyEndpoints.InvokerKey);
        app.MapWhen(context => hosts.IsIdeHost(context.Request.Host), branch =>
        {
            // The same trusted proxies as the portal's own pipeline (loopback and Portal:ForwardedHeaders, set up by the shell).
            branch.UseForwardedHeaders();
            branch.UseMiddleware<IdeHostMiddleware>(requireHttps, invoker);
        });
        return app;
    }

    /// <summary>The IDE host middleware for <see cref="IdeGateway"/>'s own pipeline, built from the portal's services.</summary>
    internal static Func<RequestDelegate, RequestDelegate> GatewayMiddleware(IServiceProvider services, bool requireHttps) => next =>
    {
        var invoker = services.GetRequiredKeyedService<HttpMessageInvoker>(ConsoleProxyEndpoints.InvokerKey);
        var middleware = ActivatorUtilities.CreateInstance<IdeHostMiddleware>(services, next, requireHttps, invoker);
        return middleware.InvokeAsync;
    };

    /// <summary>The portal side: <c>/servers/{id}/ide</c> for the "Open IDE" button and <c>GET /api/v1/servers/{id}/ide</c>.</summary>
    public static IEndpointRouteBuilder MapIdes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/servers/{id:int}/ide", async (int id, ClaimsPrincipal user, HttpContext context, ConsoleAccess access, IdeHosts hosts, CancellationToken ct) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var result = await access.IssueIdeAsync(user, id, ct);
            if (result.Ticket is not { } ticket)
            {
                var notFound = result.Refusal == ConsoleRefusal.NotFound;
                return IdePages.Result(notFound ? StatusCodes.Status404NotFound : result.Refusal == ConsoleRefusal.NotPermitted ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict,
                    notFound ? "Server not found" : "The IDE cannot open", RefusalMessage(result.Refusal), notFound ? "/" : $"/servers/{id}",
                    notFound ? "Your servers" : "Back to the server");
            }

            var enter = hosts.EnterUrl(context.Request, id);
            context.AllowFormTarget(enter);
            return IdePages.Handover(enter, ticket.Token);
        })
        .RequireAuthorization(Policies.Customer)
        .ExcludeFromDescription();

        var api = endpoints.MapApiGroup("/servers").WithTags("Consoles").RequireAuthorization(Policies.ApiCustomer);
        api.MapGet("/{id:int}/ide", async Task<Results<Ok<IdeLinkResponse>, ProblemHttpResult>> (
            int id, ClaimsPrincipal user, HttpRequest request, ConsoleAccess access, IdeHosts hosts, CancellationToken ct) =>
        {
            var result = await access.IssueIdeAsync(user, id, ct);
            if (result.Ticket is not { } ticket)
            {
                return result.Refusal switch
                {
                    ConsoleRefusal.NotFound => TypedResults.Problem(statusCode: 404, title: "Server not found", detail: $"You have no server with id {id}."),
                    ConsoleRefusal.NotPermitted => TypedResults.Problem(statusCode: 403, title: "Not allowed on this server", detail: RefusalMessage(result.Refusal)),
                    _ => TypedResults.Problem(statusCode: 409, title: "IDE unavailable", detail: RefusalMessage(result.Refusal)),
                };
            }

            return TypedResults.Ok(new IdeLinkResponse(hosts.EntryUrl(request, id, ticket.Token).AbsoluteUri, ticket.ExpiresAt));
        });
        return endpoints;
    }

    private static string RefusalMessage(ConsoleRefusal refusal) => refusal switch
    {
        ConsoleRefusal.Suspended => "The server is suspended, so its IDE is closed.",
        ConsoleRefusal.NotRunning => "The server is not running; start it, then open the IDE again.",
        ConsoleRefusal.NoIde => ConsoleTicketResult.Refused(refusal).Message,
        ConsoleRefusal.NotPermitted => "The server's owner shared it with you without its console and files, which the IDE needs.",
        _ => "Server not found.",
    };

    // A ticket is ~43 characters; nothing else belongs in the form.
    private static readonly FormOptions EnterForm = new() { ValueCountLimit = 4, KeyLengthLimit = 32, ValueLengthLimit = 200, BufferBodyLengthLimit = 4096 };

    internal static string CookieNameFor(HttpRequest request) => request.IsHttps ? SecureCookieName : CookieName;

    /// <summary>Requests on IDE hosts: the ticket exchange, refusals, and forwarding with a valid IDE cookie.</summary>
    private sealed class IdeHostMiddleware(
        RequestDelegate next, bool requireHttps, HttpMessageInvoker invoker, IdeHosts hosts, IdeSessions sessions, ConsoleTickets tickets,
        AgentCredentials credentials, SecurityStamps stamps, IHttpForwarder forwarder, IOptions<IdeOptions> options, IOptions<ConsoleProxyOptions> proxy,
        IOptions<RuntimeOptions> runtime, ManagementNetworks networks, TimeProvider time, ILogger<IdeHostMiddleware> logger)
    {
        private readonly ForwarderRequestConfig config = new()
        {
            ActivityTimeout = proxy.Value.ActivityTimeout,
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        public async Task InvokeAsync(HttpContext context)
        {
            if (!hosts.IsIdeHost(context.Request.Host))
            {
                await next(context);
                return;
            }

            if (requireHttps && !context.Request.IsHttps)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("IDEs are served over HTTPS only.");
                return;
            }

            if (hosts.ServerIdOf(context.Request.Host) is not { } serverId)
            {
                await IdePages.WriteAsync(context, StatusCodes.Status404NotFound, "No IDE here",
                    "This address does not belong to any server's IDE.", hosts.PortalUrl(context.Request), "Go to the portal");
                return;
            }

            if (context.Request.Path.Equals(EnterPath, StringComparison.Ordinal))
            {
                // Resolved here only: its UserManager costs a DbContext per request, which forwarded requests do without.
                await EnterAsync(context, serverId, context.RequestServices.GetRequiredService<ConsoleAccess>());
                return;
            }

            await ForwardAsync(context, serverId);
        }

        /// <summary>
        /// GET shows whose IDE the ticket opens and leaves the ticket unused; only the POST that page's button (or the
        /// portal's hand-over) sends redeems it, so a link alone never signs a browser in to someone else's IDE.
        /// </summary>
        private async Task EnterAsync(HttpContext context, int serverId, ConsoleAccess access)
        {
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            var back = hosts.PortalUrl(context.Request) is { } portal ? $"{portal}/servers/{serverId}" : null;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await ConfirmAsync(context, serverId, access, back);
                return;
            }

            if (!HttpMethods.IsPost(context.Request.Method))
            {
                await IdePages.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Not allowed", "Open the IDE from the portal.", back, "Back to the portal");
                return;
            }

            // The antiforgery check of this path (the portal's antiforgery middleware never sees IDE hosts): a page of
            // another site, or of another server's IDE, cannot make a browser use a ticket it was sent. Refused before the
            // ticket is looked at, so the ticket stays usable by the page that may send it.
            if (!FromConfirmPageOrPortal(context.Request))
            {
                await IdePages.WriteAsync(context, StatusCodes.Status403Forbidden, "Open the IDE from the portal",
                    "This IDE can only be opened from the portal, or from its own page that shows whose IDE it is. Use \"Open IDE\" on your server's page in the portal.",
                    back, "Back to the portal");
                return;
            }

            if (await tickets.RedeemAsync(await PostedTicketAsync(context.Request), serverId, TicketPurpose.Ide, context.RequestAborted) is not { } ticket)
            {
                await InvalidLinkAsync(context, back);
                return;
            }

            var (target, refusal) = await access.AuthorizeIdeAsync(ticket, context.RequestAborted);
            if (target is null)
            {
                await RefusedAsync(context, refusal, back);
                return;
            }

            if (!networks.Allows(target.IpAddress))
            {
                logger.LogWarning("IDE of server {ServerId} refused: its address {Address} is outside the management networks", serverId, target.IpAddress);
                await IdePages.WriteAsync(context, StatusCodes.Status409Conflict, "The IDE cannot open", "The server's IDE cannot be reached; our team has been told.",
                    back, "Back to the portal");
                return;
            }

            string agentCredential;
            try
            {
                agentCredential = credentials.Reveal(target.AgentCredentialProtected);
            }
            catch (CryptographicException)
            {
                await IdePages.WriteAsync(context, StatusCodes.Status409Conflict, "The IDE cannot open", "The server is not ready yet; try again in a moment.", back, "Back to the portal");
                return;
            }

            var upstream = new UriBuilder(Uri.UriSchemeHttp, target.IpAddress!, runtime.Value.IdePort).Uri;
            // Read before the session exists, so a revocation that misses it leaves it a stale stamp for the periodic re-check.
            var stamp = await stamps.CurrentAsync(ticket.UserId, context.RequestAborted) ?? "";
            var session = await sessions.OpenAsync(ticket.UserId, serverId, upstream, agentCredential, stamp, context.RequestAborted);
            AppendCookie(context, session);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/";
        }

        private async Task ConfirmAsync(HttpContext context, int serverId, ConsoleAccess access, string? back)
        {
            string? token = context.Request.Query["ticket"];
            if (await tickets.PeekAsync(token, serverId, TicketPurpose.Ide, context.RequestAborted) is not { } ticket)
            {
                await InvalidLinkAsync(context, back);
                return;
            }

            var (server, refusal) = await access.DescribeIdeAsync(ticket, context.RequestAborted);
            if (server is null)
            {
                await RefusedAsync(context, refusal, back);
                return;
            }

            await IdePages.WriteConfirmAsync(context, server.Id, server.Name, server.OwnerEmail ?? "", ticket.Token, back);
        }

        /// <summary>Why a ticket's IDE does not open (the server is gone, not running, suspended or no dev server).</summary>
        private static Task RefusedAsync(HttpContext context, ConsoleRefusal refusal, string? back)
        {
            var notFound = refusal == ConsoleRefusal.NotFound;
            return IdePages.WriteAsync(context, notFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict,
                notFound ? "Server not found" : "The IDE cannot open", RefusalMessage(refusal), back, "Back to the portal");
        }

        private static Task InvalidLinkAsync(HttpContext context, string? back) =>
            IdePages.WriteAsync(context, StatusCodes.Status403Forbidden, "This IDE link is no longer valid",
                "IDE links work once, for one server, within a minute. This one has expired, was already used, or belongs to another server. Open the IDE again from the portal.",
                back, "Back to the portal");

        /// <summary>The form field <c>ticket</c>; null for anything but a small URL-encoded form with one such field.</summary>
        private static async Task<string?> PostedTicketAsync(HttpRequest request)
        {
            if (!request.HasFormContentType)
            {
                return null;
            }

            try
            {
                var form = await request.ReadFormAsync(EnterForm, request.HttpContext.RequestAborted);
                return form["ticket"] is { Count: 1 } ticket ? ticket[0] : null;
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        private async Task ForwardAsync(HttpContext context, int serverId)
        {
            if (!FromOwnOrigin(context.Request))
            {
                // Another site, or another server's IDE (a sibling origin under the same base domain), must not drive this
                // IDE with the browser's IDE cookie: no WebSocket and no state-changing request from there.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("Requests to this IDE must come from its own page.");
                return;
            }

            var token = context.Request.Cookies[CookieNameFor(context.Request)];
            var session = sessions.Find(token, serverId);
            if (session is null && token is not null)
            {
                try
                {
                    session = await RestoreAsync(context, token, serverId);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
                {
                    logger.LogWarning(e, "Could not look up an IDE session of server {ServerId}", serverId);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "5";
                    await context.Response.WriteAsync("The portal cannot check your IDE session right now; try again in a moment.");
                    return;
                }
            }

            if (session is null)
            {
                if (WebSocketMatcherPolicy.IsWebSocketHandshake(context))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsync("Open the IDE from the portal first.");
                    return;
                }

                var portal = hosts.PortalUrl(context.Request);
                await IdePages.WriteAsync(context, StatusCodes.Status403Forbidden, "Open the IDE from the portal",
                    "You are not signed in to this IDE, or your IDE session has ended. Use \"Open IDE\" on your server's page in the portal.",
                    portal is null ? null : $"{portal}/servers/{serverId}", "Back to the portal");
                return;
            }

            if (session.Renew(time.GetUtcNow(), options.Value.SessionIdleTimeout))
            {
                await sessions.SaveExpiryAsync(session, context.RequestAborted);

                // After the IDE's headers are copied, so the IDE's Set-Cookie filter does not see it.
                context.Response.OnStarting(() =>
                {
                    AppendCookie(context, session);
                    return Task.CompletedTask;
                });
            }

            session.Enter();
            try
            {
                var error = await forwarder.SendAsync(context, session.Upstream, invoker, config, session.Transformer, session.Revoked);
                if (error != ForwarderError.None)
                {
                    logger.LogInformation(context.Features.Get<IForwarderErrorFeature>()?.Exception,
                        "IDE request of server {ServerId} ended with {ForwarderError}", serverId, error);
                    if (!context.Response.HasStarted && error is ForwarderError.Request or ForwarderError.RequestTimedOut)
                    {
                        await IdePages.WriteAsync(context, StatusCodes.Status502BadGateway, "The IDE is not answering",
                            "The server's IDE did not answer. Is the server running? Try again in a moment.", null, "");
                    }
                }
            }
            finally
            {
                session.Exit();
            }
        }

        /// <summary>
        /// An IDE cookie this instance holds no live session for (issued on another instance, before a restart, or renewed
        /// elsewhere since its copy here lapsed): taken up from the database after the checks the periodic re-check makes
        /// (same security stamp, the server not suspended, deleted, moved or reinstalled since), with where the IDE listens
        /// and its credential read from the server as it is now. Null when the cookie does not (or no longer) open it.
        /// </summary>
        private async Task<IdeSession?> RestoreAsync(HttpContext context, string token, int serverId)
        {
            var ct = context.RequestAborted;
            if (await sessions.FindStoredAsync(token, serverId, ct) is not { } stored)
            {
                return null;
            }

            var directory = context.RequestServices.GetRequiredService<ServerDirectory>();
            var current = await stamps.CurrentAsync([stored.UserId], ct);
            var access = await directory.FindAccessAsync([serverId], ct);
            if (SessionReauthorization.WhyRevoked(stored.UserId, stored.SecurityStamp, support: false, stored.OpenedAt, current, access.GetValueOrDefault(serverId)) is { } reason)
            {
                logger.LogInformation("IDE cookie of server {ServerId} for user {UserId} refused and ended: {Reason}", serverId, stored.UserId, reason);
                await sessions.ForgetAsync(stored);
                return null;
            }

            if (await directory.FindAgentTargetAsync(serverId, ct) is not { HasIde: true, IpAddress: { } address } target || !networks.Allows(address))
            {
                // Not running (or not reachable) now: the cookie stays for when it is.
                return null;
            }

            string agentCredential;
            try
            {
                agentCredential = credentials.Reveal(target.AgentCredentialProtected);
            }
            catch (CryptographicException)
            {
                return null;
            }

            return await sessions.RestoreAsync(token, stored, new UriBuilder(Uri.UriSchemeHttp, address, runtime.Value.IdePort).Uri, agentCredential, ct);
        }

        /// <summary>
        /// True unless a browser says the request comes from another origin: WebSocket handshakes and unsafe methods must
        /// carry this IDE host's own origin when they carry one (browsers always do; other clients hold no browser cookie).
        /// </summary>
        private static bool FromOwnOrigin(HttpRequest request)
        {
            var guarded = WebSocketMatcherPolicy.IsWebSocketHandshake(request.HttpContext)
                || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
            string? origin = request.Headers.Origin;
            return !guarded || string.IsNullOrEmpty(origin) || IsOwnOrigin(request, origin);
        }

        /// <summary>
        /// A ticket is posted by this host's confirm page or by the portal's hand-over page, and browsers name either in
        /// <c>Origin</c> with every form post. Unlike <see cref="FromOwnOrigin"/>, a request without one is refused too:
        /// the harm here (a browser signed in to someone else's IDE) needs no cookie the sender lacks, so it proves nothing.
        /// </summary>
        private bool FromConfirmPageOrPortal(HttpRequest request)
        {
            string? origin = request.Headers.Origin;
            return !string.IsNullOrEmpty(origin)
                && (IsOwnOrigin(request, origin) || string.Equals(origin, hosts.PortalOrigin, StringComparison.OrdinalIgnoreCase));
        }

        private static bool IsOwnOrigin(HttpRequest request, string origin) =>
            string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);

        private void AppendCookie(HttpContext context, IdeSession session) =>
            context.Response.Cookies.Append(CookieNameFor(context.Request), session.Token, new CookieOptions
            {
                // Host-only (no Domain), this IDE host alone; the __Host- prefix over HTTPS makes the browser enforce it.
                Path = "/",
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                MaxAge = session.ExpiresAt - time.GetUtcNow(),
            });
    }
}
