using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.Web.Features.Accounts.Tokens;

/// <summary>Authenticates <c>Authorization: Bearer zlh_…</c> personal API tokens; answers 401/403 as ProblemDetails.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, UserManager<ApplicationUser> users, IUserClaimsPrincipalFactory<ApplicationUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = Policies.ApiTokenScheme;
    public const string TokenIdClaim = Policies.ApiTokenIdClaim;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Use 'Authorization: Bearer <token>'.");
        }

        // A sign-in lockout guards the password, not the tokens: anyone can lock an account with five wrong passwords, and
        // that must not stop its owner's scripts. A token stops when it is revoked, expires or the account's role changes.
        var identity = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null || await users.FindByIdAsync(identity.UserId) is not { } user)
        {
            return AuthenticateResult.Fail("The token is invalid, expired or revoked.");
        }

        var principal = await principals.CreateAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(TokenIdClaim, identity.TokenId.ToString()));
        var apiPrincipal = new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(apiPrincipal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Authentication required",
            detail: failure ?? "Send a personal API token: 'Authorization: Bearer <token>' (create one under Account → API tokens).")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden", detail: "Your account's role does not allow this.").ExecuteAsync(Context);
    }
}
