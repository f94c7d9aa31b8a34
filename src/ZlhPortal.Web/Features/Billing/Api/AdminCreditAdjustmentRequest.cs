using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <param name="Amount">Minor units; negative takes credit away.</param>
public sealed record AdminCreditAdjustmentRequest(string? Email, long Amount, string? Reason);
