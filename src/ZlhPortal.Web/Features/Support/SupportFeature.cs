using ZlhPortal.Web.Features.Support.Announcements;
using ZlhPortal.Web.Features.Support.Tickets;

namespace ZlhPortal.Web.Features.Support;

public static class SupportFeature
{
    public static IHostApplicationBuilder AddSupport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TicketEmails>();
        builder.Services.AddScoped<TicketDesk>();
        builder.Services.AddScoped<CannedReplies>();
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<AnnouncementBoard>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSupport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTicketsApi();
        endpoints.MapTicketAttachments();
        endpoints.MapAnnouncementsApi();
        return endpoints;
    }
}
