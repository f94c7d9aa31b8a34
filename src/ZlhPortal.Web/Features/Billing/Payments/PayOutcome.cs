using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Billing.Payments;

public enum PayOutcome
{
    Paid = 1,
    AlreadyPaid = 2,
    Declined = 3,
    GatewayError = 4,
    NotFound = 5,
    Conflict = 6,
    Redirect = 7,
}
