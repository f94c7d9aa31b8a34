namespace ZlhPortal.Web.Infrastructure.Auth;

/// <summary>The portal's three roles. Every account has exactly one.</summary>
public static class Roles
{
    public const string Customer = "Customer";
    public const string Support = "Support";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Customer, Support, Admin];

    public static bool IsStaff(string role) => role is Support or Admin;

    /// <summary>Parses a role name case-insensitively, returning its canonical spelling.</summary>
    public static string? Parse(string? value) =>
        All.FirstOrDefault(r => string.Equals(r, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
