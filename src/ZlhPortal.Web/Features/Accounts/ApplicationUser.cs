using Microsoft.AspNetCore.Identity;

namespace ZlhPortal.Web.Features.Accounts;

public sealed class ApplicationUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    [PersonalData]
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? TermsAcceptedAt { get; set; }

    /// <summary>ISO 3166 alpha-2 country the customer is billed in; decides the tax rate. Null uses the installation's default.</summary>
    [PersonalData]
    public string? BillingCountry { get; set; }

    /// <summary>A coupon code the customer saved for their next order (filled in at checkout, cleared once used).</summary>
    public string? SavedCouponCode { get; set; }

    /// <summary>The colour scheme the user last chose; null follows the browser's preference.</summary>
    public bool? PrefersDarkMode { get; set; }
}
