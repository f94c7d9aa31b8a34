using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Catalog;

/// <summary>What staff type for a plan; prices in minor units. The slug is fixed once the plan exists.</summary>
public sealed record PlanInput(
    string? Slug, string? Name, ServerKind Kind, string? Description, int Cores, int MemoryMb, int DiskGb, int BackupSlots, long MonthlyPriceMinor, long SetupFeeMinor);
