using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Tokens;

/// <summary>The user whose token authenticated a request.</summary>
public sealed record ApiTokenIdentity(int TokenId, string UserId);
