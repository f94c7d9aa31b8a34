using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ZlhPortal.Web.Features.Accounts.Activity;

namespace ZlhPortal.Web.Features.Accounts.Identity;

/// <summary>Endpoints the static account pages post to that are not pages themselves.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
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

        var manage = account.MapGroup("/Manage").RequireAuthorization();

        // Every session of the account on every device ends: the new security stamp fails other cookies at their next
        // check (within a minute), this one is removed now, and open consoles and IDEs close at once. API tokens stay.
        manage.MapPost("/SignOutEverywhere", async (
            HttpContext context,
            ClaimsPrincipal user,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromServices] AccessRevocation revocation,
            [FromServices] ActivityLog activity) =>
        {
            // The antiforgery middleware records its verdict; with no form to bind, the endpoint has to read it itself.
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.BadRequest("The form expired; reload the page and try again.");
            }

            if (await signInManager.UserManager.GetUserAsync(user) is not { } account)
            {
                return Results.LocalRedirect("~/");
            }

            await signInManager.UserManager.UpdateSecurityStampAsync(account);
            await revocation.RevokeAsync(account.Id, "You signed out everywhere.");
            await signInManager.SignOutAsync();
            await activity.RecordAsync(account.Id, AccountActivityKind.SignedOutEverywhere, "Signed out everywhere.", context.Connection.RemoteIpAddress?.ToString());
            return Results.LocalRedirect("~/Account/Login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());

        manage.MapPost("/DownloadPersonalData", async (
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
