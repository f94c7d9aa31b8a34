using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Catalog.Api;
using ZlhPortal.Web.Features.Servers.Api;
using ZlhPortal.Web.Features.Servers.Lifecycle;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Provisioning.Templates;

/// <summary><c>POST /api/v1/admin/templates</c>: add a template, with the same checks as the admin page (the container asked live).</summary>
public static class TemplatesAdminApi
{
    public static IEndpointRouteBuilder MapTemplatesAdminApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/admin/templates").WithTags("Admin").RequireAuthorization(Policies.ApiAdmin)
            .MapPost("/", async Task<Results<Created<TemplateResponse>, ProblemHttpResult>> (
                TemplateRequest request, TemplateRegistration registration, CatalogAdministration catalog, CancellationToken ct) =>
            {
                if (!Enum.TryParse<ServerKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
                {
                    return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "\"kind\" must be game or dev.");
                }

                if (request.Vmid is not { } vmid)
                {
                    return TypedResults.Problem(statusCode: 400, title: "Invalid request", detail: "\"vmid\" is the Proxmox template's VMID.");
                }

                var input = new TemplateInput(request.Slug, request.Name, kind, vmid, request.Node, request.Game, request.Variant, request.DefaultVersion,
                    string.Join(',', request.Versions ?? []), request.GamePort ?? 0, request.Protocol, request.MinMemoryMb ?? 0, request.MinDiskGb ?? 0, request.Plans);
                var (template, result) = await registration.AddAsync(input, ct);
                if (template is null)
                {
                    return result.Outcome == ServerRequestOutcome.Invalid
                        ? TypedResults.Problem(statusCode: 400, title: "Template refused", detail: result.Message)
                        : ServersApi.Problem(result);
                }

                var plans = (await catalog.ListPlansAsync(ct)).Where(p => p.Active && template.Fits(p)).Select(p => p.Slug).ToList();
                return TypedResults.Created($"/api/v1/catalog/templates/{template.Slug}/versions",
                    new TemplateResponse(template.Slug, template.Name, template.Kind.ToString(), template.Game, template.Variant, template.DefaultVersion, plans));
            });
        return endpoints;
    }
}
