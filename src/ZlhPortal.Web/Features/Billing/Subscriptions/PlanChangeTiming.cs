using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

public enum PlanChangeTiming
{
    /// <summary>Upgrades always apply now (after payment); a downgrade now credits the unused difference.</summary>
    Now = 1,

    /// <summary>A downgrade that takes effect with the next renewal.</summary>
    AtRenewal = 2,
}
