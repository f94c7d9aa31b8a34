using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Servers;

public sealed record ServerFilter(ServerStatus? Status = null, string? Node = null, string? Owner = null, string? Search = null);
