using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Tokens;

public sealed record ApiTokenCreated(bool Succeeded, string Message, string? Token = null);
