using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Accounts.Activity;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts.Identity;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Coordination;
using ZlhPortal.Web.Infrastructure.Cli;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Events;
using ZlhPortal.Web.Infrastructure.RateLimiting;
using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.Web.Features.Accounts;

public static class AccountsFeature
{
    public const string TwoFactorSetupPath = "/Account/Manage/EnableAuthenticator";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdminSeedOptions>().BindConfiguration(AdminSeedOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthRateLimitOptions>().BindConfiguration(AuthRateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPortalPolicies();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName)
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();

        // Re-read the security stamp every minute, so a role change or "reset 2FA" reaches open sessions quickly.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        // Host-only cookies (no Domain): IDE hosts live on sub-domains and must never receive them.
        var secure = PortalOptions.IsHttpsRequired(builder.Configuration, builder.Environment);
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = secure ? "__Host-zlh.auth" : "zlh.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Events.OnRedirectToAccessDenied = context =>
            {
                // A real 403 (rendered by the status page), not a redirect that looks like success to scripts.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.ConfigureExternalCookie(options => options.Cookie.Name = secure ? "__Host-zlh.external" : "zlh.external");
        foreach (var (scheme, name) in new[] { (IdentityConstants.TwoFactorUserIdScheme, "zlh.2fa"), (IdentityConstants.TwoFactorRememberMeScheme, "zlh.2fa-remember") })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, options =>
            {
                options.Cookie.Name = secure ? "__Host-" + name : name;
                options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            });
        }

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = secure ? "__Host-zlh.af" : "zlh.af";
            options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                }

                return ValueTask.CompletedTask;
            };
            options.AddPolicy(AuthRateLimitOptions.PolicyName, context =>
            {
                // Only submissions count: reading the form is free, guessing passwords is not.
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<AuthRateLimitOptions>>().Value;
                var ip = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
                return RateLimitPartitions.FixedWindow(context, $"auth:{ip}", limits.PermitLimit, TimeSpan.FromSeconds(limits.WindowSeconds));
            });
        });

        services.AddSingleton<AccountEmails>();
        services.AddSingleton<IEmailSender<ApplicationUser>>(sp => sp.GetRequiredService<AccountEmails>());
        services.AddSingleton<ActivityLog>();
        services.AddScoped<AccountDirectory>();
        services.AddScoped<StaffAccountActions>();
        services.AddScoped<AccountClosure>();
        services.AddScoped<AccountsSeeder>();
        services.AddSingleton<AccountLinks>();
        services.AddSingleton<UnknownSignIns>();
        services.AddSingleton<AccessRevocation>();
        services.AddPortalEvent<AccountAccessRevoked, AccessRevocation>(AccessRevocation.Kind, (revocation, revoked) => revocation.RevokeHereAsync(revoked));
        services.AddSingleton<SecurityStamps>();
        builder.AddCommand("users", UsersCommands.Create);
        builder.AddCommand("tokens", TokensCommands.Create);
        services.AddScoped<UserPreferences>();
        services.AddScoped<AccountStatistics>();
        services.AddScoped<ApiTokens>();
        return builder;
    }

    /// <summary>Staff without two-factor authentication can reach nothing but the account pages until they set it up.</summary>
    public static IApplicationBuilder UseStaffTwoFactorRequirement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (Policies.NeedsTwoFactorSetup(context.User)
            && HttpMethods.IsGet(context.Request.Method)
            && !path.StartsWithSegments("/Account")
            && !path.StartsWithSegments("/_framework")
            && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/_blazor")
            && !path.StartsWithSegments("/health")
            && !Path.HasExtension(path.Value))
        {
            context.Response.Redirect(TwoFactorSetupPath + "?required=1");
            return;
        }

        await next(context);
    });

    /// <summary>Creates the roles and, on a portal without one, the first admin.</summary>
    public static async Task SeedAccountsAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<AccountsSeeder>();
        // Instances starting together on one new database take turns: the second finds the roles and the admin made.
        await using var seeding = await services.GetRequiredService<Leases>().AcquireAsync("seed-accounts", ct);
        await seeder.SeedRolesAsync(ct);
        if (await seeder.SeedFirstAdminAsync(ct) is { } setup)
        {
            // Printed once, to the console only, and it is a link that works once within the hour, not a password:
            // whatever keeps the console's output keeps nothing that opens the account later.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine($" First admin account: {setup.Email}");
            Console.WriteLine($" Choose its password within an hour (the link works once): {setup.Link}");
            Console.WriteLine(" Expired? dotnet run --project src/ZlhPortal.Web -- users setup-link --email " + setup.Email);
            Console.WriteLine(" Then sign in and set up two-factor authentication to reach the admin area.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }

    public static async Task SeedRolesAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountsSeeder>().SeedRolesAsync(ct);
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIdentityEndpoints();
        return endpoints;
    }
}
