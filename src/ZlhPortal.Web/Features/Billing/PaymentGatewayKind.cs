using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Billing;

public enum PaymentGatewayKind
{
    Test = 1,
    Stripe = 2,
}
