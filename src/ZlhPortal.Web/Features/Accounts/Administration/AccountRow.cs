using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Administration;

public sealed record AccountRow(string Id, string Email, string DisplayName, string Role, bool EmailConfirmed, bool TwoFactorEnabled, bool LockedOut, DateTimeOffset CreatedAt);
