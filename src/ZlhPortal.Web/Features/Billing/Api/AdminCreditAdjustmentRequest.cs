using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <param name="Amount">Minor units; negative takes credit away.</param>
public sealed record AdminCreditAdjustmentRequest(string? Email, long Amount, string? Reason);
