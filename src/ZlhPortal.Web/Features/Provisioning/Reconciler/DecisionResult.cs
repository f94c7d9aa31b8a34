using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Web.Features.Provisioning.Reconciler;

/// <summary>What became of an admin's decision on a reconciler finding.</summary>
public sealed record DecisionResult(bool Done, string Message, int? ServerId = null);
