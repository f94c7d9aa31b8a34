using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>A quote, or what is wrong with the request (<see cref="Field"/> names the input at fault).</summary>
public sealed record QuoteResult(Quote? Quote, string? Problem, string? Field = null);
