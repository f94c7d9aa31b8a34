using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Billing.Api;

public sealed record PlanChangeRequest(string? Plan, string? When);
