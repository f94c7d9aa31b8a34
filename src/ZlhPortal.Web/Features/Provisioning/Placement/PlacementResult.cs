using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Provisioning.Placement;

/// <summary>The outcome of placing a server: a node with room and a free VMID in the kind's range, or why not.</summary>
public sealed record PlacementResult(string? Node, int? Vmid, string? Problem);
