namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>One API request after routing: the path parameters, the merged parameters and the caller.</summary>
internal sealed record PveCall(HttpContext Http, string Node, int Vmid, PveParameters Parameters, string User)
{
    public string Route(string name) => Http.Request.RouteValues[name] as string ?? "";
}
