using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>Who adopts a container: an existing server that lost its own, or a new server for a customer.</summary>
public sealed record AdoptionTarget(int? ServerId, string? OwnerEmail = null, string? PlanSlug = null, string? TemplateSlug = null, string? Name = null);
