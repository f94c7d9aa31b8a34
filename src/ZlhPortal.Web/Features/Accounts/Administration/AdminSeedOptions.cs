using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Accounts.Administration;

/// <summary>The first administrator, created at start when no admin exists.</summary>
public sealed class AdminSeedOptions
{
    public const string SectionName = "Portal:Admin";

    /// <summary>Email of the first admin. Empty: <c>admin@zerolaghub.local</c> with a random password printed once.</summary>
    [EmailAddress, MaxLength(254)]
    public string? Email { get; set; }

    /// <summary>Password for that admin; set it from the environment (<c>Portal__Admin__Password</c>). Empty: generated and printed once.</summary>
    [MaxLength(200)]
    public string? Password { get; set; }
}
