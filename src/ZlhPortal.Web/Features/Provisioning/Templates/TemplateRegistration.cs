using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.Web.Features.Provisioning.Templates;

/// <summary>
/// Staff adding a template to the catalog: its fields and plans (<see cref="CatalogAdministration"/>), its VMID in the
/// configured template range, and, asked live before anything is saved, a container with that VMID on that node that
/// is a Proxmox template. A cluster that cannot be asked saves nothing.
/// </summary>
public sealed class TemplateRegistration(CatalogAdministration catalog, RuntimeCalls runtime, IOptions<ProvisioningOptions> options, ILogger<TemplateRegistration> logger)
{
    public async Task<(Template? Template, ServerRequestResult Result)> AddAsync(TemplateInput input, CancellationToken ct = default)
    {
        var settings = options.Value;
        if (input.ProxmoxVmid < settings.TemplateVmidFirst || input.ProxmoxVmid > settings.TemplateVmidLast)
        {
            return (null, ServerRequestResult.Invalid(
                $"Templates live at VMIDs {settings.TemplateVmidFirst}–{settings.TemplateVmidLast}; {input.ProxmoxVmid} is outside that range."));
        }

        if (await catalog.CheckTemplateAsync(input, ct) is { } problem)
        {
            return (null, ServerRequestResult.Invalid(problem));
        }

        var node = input.ProxmoxNode!.Trim();
        ProxmoxResult<Proxmox.Models.LxcConfig> config;
        try
        {
            config = await runtime.CallAsync("read template config", c => runtime.Proxmox.Nodes[node].Lxc[input.ProxmoxVmid].Config.GetAsync(c), ct);
        }
        catch (TransientRuntimeException e)
        {
            logger.LogWarning("Template {Vmid} on {Node} could not be checked: {Detail}", input.ProxmoxVmid, node, e.Message);
            return (null, ServerRequestResult.Unavailable("The cluster cannot be reached, so the template cannot be checked now; nothing was saved. Try again in a minute."));
        }

        if (!config.IsSuccess)
        {
            return (null, ServerRequestResult.Invalid(config.Error!.Kind == ProxmoxErrorKind.NotFound
                ? $"There is no container {input.ProxmoxVmid} on node {node}; check the VMID and the node."
                : $"Proxmox refused to show container {input.ProxmoxVmid} on {node}: {config.Error.Message}"));
        }

        if (!config.Data!.Template)
        {
            return (null, ServerRequestResult.Invalid(
                $"Container {input.ProxmoxVmid} on {node} is not a template; convert it to a template in Proxmox first (servers are cloned from it)."));
        }

        var (template, refused) = await catalog.CreateTemplateAsync(input, ct);
        if (template is null)
        {
            return (null, ServerRequestResult.Invalid(refused!));
        }

        logger.LogWarning("Template {Slug} (VMID {Vmid} on {Node}) added to the catalog", template.Slug, template.ProxmoxVmid, template.ProxmoxNode);
        return (template, new ServerRequestResult(ServerRequestOutcome.Accepted, $"{template.Name} added; it is offered for new servers."));
    }
}
