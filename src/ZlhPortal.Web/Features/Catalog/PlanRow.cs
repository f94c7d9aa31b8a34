using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Catalog;

public sealed record PlanRow(int Id, string Slug, string Name, ServerKind Kind, int Cores, int MemoryMb, int DiskGb, int BackupSlots, long MonthlyPriceMinor, string Currency, bool Active);
