using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>The Blazor shell: components, MudBlazor, error and status pages, security headers.</summary>
public static class ShellSetup
{
    public static IHostApplicationBuilder AddShell(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(365);
                options.IncludeSubDomains = false;
            });
        }

        return builder;
    }

    public static WebApplication UseShell(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseSecurityHeaders();
        return app;
    }

    /// <summary>Says where the embedded default keeps its data, once, at start.</summary>
    public static void LogLocations(this WebApplication app)
    {
        var email = app.Services.GetRequiredService<IEmailTransport>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ZlhPortal");
        if (email is PickupFolderEmailTransport pickup)
        {
            logger.LogInformation("Emails are written as .eml files to {PickupDirectory}", pickup.Directory);
        }
    }
}
