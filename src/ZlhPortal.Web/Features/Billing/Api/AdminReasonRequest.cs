using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Api;

public sealed record AdminReasonRequest(string? Reason);
