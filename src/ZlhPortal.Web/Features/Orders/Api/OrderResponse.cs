namespace ZlhPortal.Web.Features.Orders.Api;

public sealed record OrderResponse(int Id, string Status, string Plan, string Template, string Name, DateTimeOffset ExpiresAt, int? ServerId)
{
    public static OrderResponse From(OrderRow o) => new(o.Id, o.Status.ToString(), o.PlanSlug, o.TemplateSlug, o.ServerName, o.ExpiresAt, o.ServerId);
}
