
namespace ZlhPortal.Web.Features.Catalog.Api;

public sealed record PlanResponse(string Slug, string Name, string Kind, int Cores, int MemoryMb, int DiskGb, int BackupSlots, long MonthlyPriceMinor, string Currency);
