using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Consoles.Proxy;

/// <summary>
/// <c>/servers/{id}/console</c> as a WebSocket: checks the ticket, the origin, the cookie and the server, audits,
/// then forwards to the agent's <c>/console/stream</c> (DESIGN.md §6).
/// </summary>
public static class ConsoleProxyEndpoints
{
    public const string InvokerKey = "consoles";

    public static IEndpointRouteBuilder MapConsoleProxy(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/servers/{id:int}/console", ConnectAsync)
            .WithMetadata(new WebSocketOnlyMetadata())
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ConnectAsync(
        HttpContext context, int id, ConsoleTickets tickets, ConsoleAccess access, ConsoleSessions sessions, AgentCredentials credentials,
        IHttpForwarder forwarder, [FromKeyedServices(InvokerKey)] HttpMessageInvoker invoker, IOptions<ConsoleProxyOptions> options,
        IOptions<RuntimeOptions> runtime, ManagementNetworks networks, IOptionsMonitor<CookieAuthenticationOptions> cookies, TimeProvider time,
        ILoggerFactory loggers)
    {
        // Refusals and agent failures answer as plain status codes, not the HTML status page.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        var request = context.Request;
        if (request.Headers.Origin is [{ } origin] && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            || request.Headers.Origin.Count > 1)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Consoles open only from the portal's own pages.");
            return;
        }

        if (await tickets.RedeemAsync(request.Query["ticket"], id, ct: context.RequestAborted) is not { } ticket)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "A valid console ticket is required.");
            return;
        }

        // A browser always sends the portal cookie along; if it names someone else, the ticket was carried across accounts.
        var cookieName = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? "";
        if (request.Cookies.Keys.Any(k => k.StartsWith(cookieName, StringComparison.Ordinal))
            && context.User.UserId() != ticket.UserId)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "This console ticket belongs to another account.");
            return;
        }

        var (target, refusal) = await access.AuthorizeConnectAsync(ticket, context.RequestAborted);
        if (target is null)
        {
            await RefuseAsync(context, refusal switch
                {
                    ConsoleRefusal.Suspended or ConsoleRefusal.NotRunning => StatusCodes.Status409Conflict,
                    ConsoleRefusal.NotPermitted => StatusCodes.Status403Forbidden,
                    _ => StatusCodes.Status404NotFound,
                },
                ConsoleTicketResult.Refused(refusal).Message);
            return;
        }

        if (!networks.Allows(target.IpAddress))
        {
            loggers.CreateLogger(typeof(ConsoleProxyEndpoints)).LogWarning(
                "Console of server {ServerId} refused: its address {Address} is outside the management networks", target.Id, target.IpAddress);
            await RefuseAsync(context, StatusCodes.Status409Conflict, "The server's console cannot be reached; our team has been told.");
            return;
        }

        string agentCredential;
        try
        {
            agentCredential = credentials.Reveal(target.AgentCredentialProtected);
        }
        catch (CryptographicException)
        {
            // No usable credential yet (the server is still being set up) or keys lost: nothing to connect with.
            await RefuseAsync(context, StatusCodes.Status409Conflict, "The server's console is not ready yet.");
            return;
        }

        using var console = await sessions.OpenAsync(ticket, target.OwnerId, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        if (console is null)
        {
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "Too many consoles open at once; close one and try again.");
            return;
        }

        var logger = loggers.CreateLogger(typeof(ConsoleProxyEndpoints));
        var settings = options.Value;
        var endReason = "closed";
        using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(console.Cancellation.Token);
        var pinging = Task.CompletedTask;
        try
        {
            ConsoleUpgradeFeature.Install(context, stream =>
            {
                console.Stream = new ConsoleStream(stream, settings.MaxFrameBytes, settings.MaxOutputBytesPerSecond, ticket.ReadOnly, time);
                pinging = KeepAliveAsync(console.Stream, settings.KeepAliveInterval, time, keepAlive.Token);
                return console.Stream;
            });
            var agent = new UriBuilder(Uri.UriSchemeHttp, target.IpAddress!, runtime.Value.AgentPort, "/console/stream").Uri;
            var transformer = new ConsoleTransformer(agent, agentCredential);
            var config = new ForwarderRequestConfig
            {
                ActivityTimeout = settings.ActivityTimeout,
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            var error = await forwarder.SendAsync(context, agent.GetLeftPart(UriPartial.Authority), invoker, config, transformer, console.Cancellation.Token);
            if (error != ForwarderError.None)
            {
                endReason = console.Stream?.Violation ?? $"forwarder: {error}";
                var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
                logger.LogInformation(exception, "Console of server {ServerId} for user {UserId} ended with {ForwarderError}", id, ticket.UserId, error);
            }
        }
        finally
        {
            await keepAlive.CancelAsync();
            await pinging;
            await sessions.EndAsync(console, endReason);
        }
    }

    private static async Task KeepAliveAsync(ConsoleStream stream, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval / 2, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (stream.Idle >= interval)
                {
                    await stream.PingAsync(ct);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }
}
