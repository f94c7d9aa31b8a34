using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ZlhPortal.Web.Features.Billing.Api;

public sealed record AdminReasonRequest(string? Reason);
