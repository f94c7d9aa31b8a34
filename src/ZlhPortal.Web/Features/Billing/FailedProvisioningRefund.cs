using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Billing;

public enum FailedProvisioningRefund
{
    /// <summary>The paid amount goes back as account credit.</summary>
    Credit = 1,

    /// <summary>The payment is refunded through the gateway it came from (credit when that is not possible).</summary>
    Gateway = 2,
}
