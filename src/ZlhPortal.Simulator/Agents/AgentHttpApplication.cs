using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// Lets a bare <c>KestrelServer</c> run a request pipeline. Each agent gets its own listener on its own
/// loopback address, which a single WebApplication cannot add after it has started; the Velocity bridge gets one too,
/// so its requests never meet the Proxmox API's middleware.
/// </summary>
internal sealed class AgentHttpApplication(RequestDelegate pipeline, IServiceProvider services) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) =>
        new DefaultHttpContext(contextFeatures) { RequestServices = services };

    public Task ProcessRequestAsync(HttpContext context) => pipeline(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
