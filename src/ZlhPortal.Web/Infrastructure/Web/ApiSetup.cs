using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>The <c>/api/v1</c> surface: bearer tokens, ProblemDetails errors, a rate limit per token, OpenAPI.</summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";

    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(ApiRateLimitOptions.PolicyName, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
            // Runs before authentication, so the presented token itself is the key; calls without one share their address's bucket.
            string? authorization = context.Request.Headers.Authorization;
            var key = authorization is { Length: > 7 and < 256 } && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? $"token:{authorization[7..].Trim()}"
                : $"ip:{context.Connection.RemoteIpAddress ?? IPAddress.Loopback}";
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.PermitLimit,
                Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                QueueLimit = 0,
            });
        }));
        return builder;
    }

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
