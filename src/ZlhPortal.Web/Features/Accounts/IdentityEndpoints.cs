using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ZlhPortal.Web.Features.Accounts;

/// <summary>Endpoints the static account pages post to that are not pages themselves.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");

        account.MapPost("/Logout", async (
            HttpContext context,
            ClaimsPrincipal user,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] ActivityLog activity,
            [FromForm] string? returnUrl) =>
        {
            var userId = signInManager.UserManager.GetUserId(user);
            await signInManager.SignOutAsync();
            if (userId is not null)
            {
                await activity.RecordAsync(userId, AccountActivityKind.LoggedOut, "Logged out.", context.Connection.RemoteIpAddress?.ToString());
            }

            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "~/");
        });

        account.MapGroup("/Manage").RequireAuthorization().MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            var personalData = typeof(ApplicationUser).GetProperties()
                .Where(p => Attribute.IsDefined(p, typeof(PersonalDataAttribute)))
                .ToDictionary(p => p.Name, p => p.GetValue(user)?.ToString() ?? "");
            return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(personalData), "application/json", "PersonalData.json");
        });

        return endpoints;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");
}
