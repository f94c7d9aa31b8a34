using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ZlhPortal.Web.Features.Billing.Api;

public sealed record AdminActionResponse(string Message, int? CreditNoteId);
