using System.Globalization;

namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>
/// An endpoint filter for <c>/servers/{id}/…</c> groups: resolves the caller's <see cref="ServerGrant"/> for the route's
/// server and answers 404 (no access) or 403 (not given this permission) before the endpoint runs.
/// </summary>
public static class ServerPermissionFilter
{
    public static TBuilder RequireServerPermission<TBuilder>(this TBuilder builder, ServerPermissions permission) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!int.TryParse(Convert.ToString(http.Request.RouteValues["id"], CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return TypedResults.Problem(statusCode: 404, title: "Server not found");
            }

            var (grant, problem) = await http.RequestServices.GetRequiredService<ServerAccess>().RequireAsync(id, http.User, permission, http.RequestAborted);
            if (grant is null)
            {
                return problem;
            }

            http.Items[typeof(ServerGrant)] = grant;
            return await next(context);
        });

    /// <summary>The grant <see cref="RequireServerPermission{TBuilder}"/> resolved for this request.</summary>
    public static ServerGrant Grant(this HttpContext http) =>
        http.Items[typeof(ServerGrant)] as ServerGrant ?? throw new InvalidOperationException("The endpoint is not behind RequireServerPermission.");
}
