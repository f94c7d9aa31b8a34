using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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

        // Keys live in the data folder so a restart keeps everyone signed in and emailed links valid.
        builder.Services.AddDataProtection().SetApplicationName("ZlhPortal");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<PortalOptions>, IHostEnvironment, ILoggerFactory>((options, portal, environment, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(portal.Value.ResolveDataDirectory(environment.ContentRootPath), "keys")), loggers));
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
