using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Servers;

public sealed record TransferServerRequest(string? OwnerEmail, string? Reason);
