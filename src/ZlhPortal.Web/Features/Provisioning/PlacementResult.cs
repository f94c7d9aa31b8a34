using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>The outcome of placing a server: a node with room and a free VMID in the kind's range, or why not.</summary>
public sealed record PlacementResult(string? Node, int? Vmid, string? Problem);
