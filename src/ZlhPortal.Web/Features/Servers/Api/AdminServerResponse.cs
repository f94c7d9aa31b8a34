using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ZlhPortal.Web.Features.Servers.Api;

public sealed record AdminServerResponse(ServerResponse Server, string OwnerEmail, string? FailureDetail);
