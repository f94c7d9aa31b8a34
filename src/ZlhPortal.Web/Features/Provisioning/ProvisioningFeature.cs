namespace ZlhPortal.Web.Features.Provisioning;

public static class ProvisioningFeature
{
    public static IHostApplicationBuilder AddProvisioning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProvisioningOptions>().BindConfiguration(ProvisioningOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.GameVmidFirst <= o.GameVmidLast && o.DevVmidFirst <= o.DevVmidLast, "Each VMID range must start at or below its end.")
            .Validate(o => o.GameVmidLast < o.DevVmidFirst || o.DevVmidLast < o.GameVmidFirst, "The game and dev VMID ranges must not overlap.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CloneQueue>();
        builder.Services.AddSingleton<ServerLocks>();
        builder.Services.AddSingleton<PlacementGate>();
        builder.Services.AddScoped<RuntimeCalls>();
        builder.Services.AddScoped<ServerPlacement>();
        builder.Services.AddScoped<ServerCleanup>();
        builder.Services.AddScoped<ServerLifecycle>();
        builder.Services.AddScoped<ProvisionServerJob>();
        builder.Services.AddScoped<PowerServerJob>();
        builder.Services.AddScoped<DeleteServerJob>();
        return builder;
    }
}
