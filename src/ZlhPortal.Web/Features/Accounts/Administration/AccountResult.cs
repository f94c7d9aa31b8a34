using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ZlhPortal.Web.Features.Accounts.Administration;

public sealed record AccountResult(bool Succeeded, string Message, string? GeneratedPassword = null)
{
    public static AccountResult Fail(string message) => new(false, message);
}
