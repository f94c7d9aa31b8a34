using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ZlhPortal.Web.Features.Billing.Api;

/// <param name="Amount">Minor units (cents), tax included.</param>
public sealed record AdminCreditNoteRequest(string? Reason, long Amount, bool ToCard);
