using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Edge;

namespace ZlhPortal.Web.Features.Provisioning.Edge;

/// <summary><c>GET /edge/traefik</c>: the runtime Traefik's HTTP provider, behind <c>Edge:Traefik:Token</c>.</summary>
public static class EdgeEndpointsMapping
{
    public static IEndpointRouteBuilder MapEdge(this IEndpointRouteBuilder app)
    {
        app.MapGet(EdgeOptions.ProviderPath, async (HttpContext context, TraefikRoutes routes, IOptions<EdgeOptions> edge, CancellationToken ct) =>
        {
            var token = edge.Value.Traefik.Token;
            if (string.IsNullOrEmpty(token))
            {
                return Results.NotFound();
            }

            var presented = context.Request.Headers.Authorization.ToString();
            if (!presented.StartsWith("Bearer ", StringComparison.Ordinal) || !CryptographicOperations.FixedTimeEquals(
                    SHA256.HashData(Encoding.UTF8.GetBytes(presented["Bearer ".Length..])), SHA256.HashData(Encoding.UTF8.GetBytes(token))))
            {
                return Results.Problem("Send Authorization: Bearer <Edge:Traefik:Token>.", statusCode: StatusCodes.Status401Unauthorized);
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(await routes.DocumentAsync(ct));
        }).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
