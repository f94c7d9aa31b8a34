using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

public enum OrderOutcome
{
    Placed = 1,
    Invalid = 2,
    NoCapacity = 3,
}
