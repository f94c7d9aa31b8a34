namespace ZlhPortal.Web.Features.Servers.History;

/// <summary>The names history gives those who act on a server other than its customers (who appear by their email).</summary>
public static class HistoryActors
{
    public const string Platform = "ZeroLagHub";
    public const string Support = "ZeroLagHub support";
    public const string Billing = "Billing";
    public const string Server = "Your server";

    public static string Schedule(string name) => $"Schedule '{name}'";
}
