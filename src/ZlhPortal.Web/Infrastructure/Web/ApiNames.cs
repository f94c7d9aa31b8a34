namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>How the REST API spells the portal's names.</summary>
public static class ApiNames
{
    /// <summary>An enum member's name in lower case with dashes: <c>OutOfMemory</c> → <c>out-of-memory</c>.</summary>
    public static string Kebab<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
