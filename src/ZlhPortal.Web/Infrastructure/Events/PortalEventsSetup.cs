using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Infrastructure.Events;

public static class PortalEventsSetup
{
    /// <summary>The seam itself, and on PostgreSQL the listener that brings the other instances' events in.</summary>
    public static IHostApplicationBuilder AddPortalEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PortalEvents>();
        builder.Services.AddSingleton<PortalEventListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PortalEventListener>());
        builder.Services.AddHealthChecks().AddCheck<EventListenerHealthCheck>("events", failureStatus: HealthStatus.Degraded, tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Declares a kind of portal event and what <typeparamref name="THandler"/> (resolved in a scope of its own, on every
    /// instance) does with one. <paramref name="kind"/> names it on the wire, so keep it once instances run: a renamed kind
    /// is dropped by instances that still know the old name. Declare a message type under one kind; several handlers may
    /// share it.
    /// </summary>
    public static IServiceCollection AddPortalEvent<TMessage, THandler>(this IServiceCollection services, string kind, Func<THandler, TMessage, Task> handle)
        where TMessage : notnull
        where THandler : notnull
    {
        services.AddSingleton(new PortalEventHandler(kind, typeof(TMessage), (provider, message) =>
            handle(provider.GetRequiredService<THandler>(), message.Deserialize<TMessage>(PortalEvents.Json)
                ?? throw new JsonException($"A {kind} event carried no message."))));
        return services;
    }
}
