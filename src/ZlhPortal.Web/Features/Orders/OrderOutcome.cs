using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Orders;

public enum OrderOutcome
{
    Placed = 1,
    Invalid = 2,
    NoCapacity = 3,
}
