namespace ZlhPortal.Web.Features.Servers.Sharing;

/// <summary>Permissions as the API and the pages name them: <c>console</c>, <c>power</c>, <c>files</c>, <c>backups</c>, <c>settings</c>, <c>schedules</c>.</summary>
public static class ShareNames
{
    public static readonly IReadOnlyList<ServerPermissions> Each =
        [ServerPermissions.Console, ServerPermissions.Power, ServerPermissions.Files, ServerPermissions.Backups, ServerPermissions.Settings, ServerPermissions.Schedules];

    public static string Of(ServerPermissions permission) => permission.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> List(ServerPermissions permissions) => Each.Where(p => (permissions & p) == p).Select(Of).ToList();

    /// <summary>The permissions named, or the first name that is not one (null when all are known).</summary>
    public static (ServerPermissions Permissions, string? Unknown) Parse(IEnumerable<string?>? names)
    {
        var result = ServerPermissions.None;
        foreach (var name in names ?? [])
        {
            var match = Each.FirstOrDefault(p => string.Equals(Of(p), name?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match == ServerPermissions.None)
            {
                return (result, name ?? "null");
            }

            result |= match;
        }

        return (result, null);
    }

    /// <summary>"console (read-only), power and files", for emails and the history.</summary>
    public static string Describe(ServerPermissions permissions, bool readOnlyConsole)
    {
        var names = List(permissions).Select(n => n == "console" && readOnlyConsole ? "console (read-only)" : n).ToList();
        return names.Count switch
        {
            0 => "seeing the server's status and history",
            1 => names[0],
            _ => string.Join(", ", names[..^1]) + " and " + names[^1],
        };
    }
}
