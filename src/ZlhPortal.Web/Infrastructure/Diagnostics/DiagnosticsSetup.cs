using System.Net;
using System.Runtime;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Diagnostics;

public static class DiagnosticsSetup
{
    public static IHostApplicationBuilder AddDiagnostics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DiagnosticsOptions>().BindConfiguration(DiagnosticsOptions.SectionName).ValidateOnStart();
        if (builder.Configuration.GetValue<bool>($"{DiagnosticsOptions.SectionName}:{nameof(DiagnosticsOptions.Enabled)}"))
        {
            builder.Services.AddScoped<CircuitHandler, CircuitCounter>();
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/diagnostics/memory", (HttpContext context, IOptions<DiagnosticsOptions> options) =>
        {
            if (!options.Value.Enabled || context.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip))
            {
                return Results.NotFound();
            }

            // A compacting, blocking gen2 collection, so the figure is live objects only.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Ok(new
            {
                heapBytes = GC.GetTotalMemory(forceFullCollection: false),
                circuits = CircuitCounter.Open,
                serverGc = GCSettings.IsServerGC,
                gcMode = GCSettings.IsServerGC ? "server" : "workstation",
                workingSetBytes = Environment.WorkingSet,
            });
        });
        return endpoints;
    }
}
