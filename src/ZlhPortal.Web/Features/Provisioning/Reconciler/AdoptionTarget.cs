using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>Who adopts a container: an existing server that lost its own, or a new server for a customer.</summary>
public sealed record AdoptionTarget(int? ServerId, string? OwnerEmail = null, string? PlanSlug = null, string? TemplateSlug = null, string? Name = null);
