namespace ZlhPortal.Web.Features.Catalog;

/// <summary>What a customer buys: resources and a monthly price. Retiring a plan never touches existing servers.</summary>
public sealed class Plan
{
    public const int SlugMaxLength = 50;
    public const int NameMaxLength = 100;

    public int Id { get; set; }

    /// <summary>Stable identifier used by the API and in URLs (e.g. <c>game-medium</c>).</summary>
    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    public ServerKind Kind { get; set; }

    public int Cores { get; set; }

    public int MemoryMb { get; set; }

    public int DiskGb { get; set; }

    public int BackupSlots { get; set; }

    /// <summary>Monthly price in the currency's minor units (cents); money is never a float.</summary>
    public long MonthlyPriceMinor { get; set; }

    public string Currency { get; set; } = "EUR";

    /// <summary>One-off fee on the first invoice, in minor units.</summary>
    public long SetupFeeMinor { get; set; }

    public const int DescriptionMaxLength = 500;

    /// <summary>What the pricing page says about the plan.</summary>
    public string Description { get; set; } = "";

    public bool Active { get; set; } = true;

    public int DisplayOrder { get; set; }
}
