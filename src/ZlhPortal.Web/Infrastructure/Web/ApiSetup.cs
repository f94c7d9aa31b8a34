using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Auth;

using ZlhPortal.Web.Infrastructure.RateLimiting;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>The <c>/api/v1</c> surface: bearer tokens, ProblemDetails errors, a rate limit per token, OpenAPI.</summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";

    private const string CallerKey = "zlh:api-caller";

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(ApiRateLimitOptions.PolicyName, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
            // A token that authenticated (UseApiCallers) has its own bucket; every other call, a made-up bearer string
            // included, shares its address's, so inventing tokens buys no extra requests.
            var key = context.Items[CallerKey] as string ?? $"ip:{context.Connection.RemoteIpAddress ?? IPAddress.Loopback}";
            return RateLimitPartitions.FixedWindow(context, $"api:{key}", limits.PermitLimit, TimeSpan.FromSeconds(limits.WindowSeconds));
        }));
        return builder;
    }

    /// <summary>
    /// Authenticates an API call's bearer token ahead of the rate limiter (which must not trust a token it has not
    /// checked). The handler keeps its result for the request, so authorization does not look the token up again.
    /// </summary>
    public static IApplicationBuilder UseApiCallers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(Prefix) && context.Request.Headers.Authorization.Count > 0)
        {
            var result = await context.AuthenticateAsync(Policies.ApiTokenScheme);
            if (result.Succeeded && result.Principal.FindFirstValue(Policies.ApiTokenIdClaim) is { } tokenId)
            {
                context.Items[CallerKey] = $"token:{tokenId}";
            }
        }

        await next(context);
    });

    /// <summary>A rate-limited group under <c>/api/v1</c>; endpoints opt into <see cref="Auth.Policies.ApiCustomer"/> or <see cref="Auth.Policies.ApiAdmin"/>.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string path) =>
        endpoints.MapGroup(Prefix + path).RequireRateLimiting(ApiRateLimitOptions.PolicyName);

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapFallback(Prefix + "/{**rest}", () => TypedResults.Problem(statusCode: 404, title: "Not found", detail: "No such API endpoint."));
        return endpoints;
    }
}
