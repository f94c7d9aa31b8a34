using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ZlhPortal.Web.Features.Servers.Api;

public sealed record StepResponse(string Name, string State, DateTimeOffset? Started, DateTimeOffset? Finished, string? Message);
