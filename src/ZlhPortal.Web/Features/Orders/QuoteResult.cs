using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Features.Orders;

/// <summary>A quote, or what is wrong with the request (<see cref="Field"/> names the input at fault).</summary>
public sealed record QuoteResult(Quote? Quote, string? Problem, string? Field = null);
