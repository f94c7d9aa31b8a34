using System.Globalization;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>The Proxmox VE API subset the portal uses, under <c>/api2/json</c>.</summary>
internal static class ProxmoxApiEndpoints
{
    private const string Lxc = "/api2/json/nodes/{node}/lxc/{vmid}";

    public static void MapProxmoxApi(this IEndpointRouteBuilder app, SimulatedCluster cluster, PveAuthentication auth, string fingerprint)
    {
        var reads = new ProxmoxReads(cluster, fingerprint);
        app.MapPost("/api2/json/access/ticket", Handle(async call =>
        {
            call.Parameters.Allow("username", "password", "realm", "otp", "new-format", "tfa-challenge");
            var username = call.Parameters.String("username", required: true);
            var password = call.Parameters.String("password", required: true);
            var realm = call.Parameters.String("realm");
            if (call.Parameters.HasErrors)
            {
                return PveReply.Invalid(call.Parameters.Errors);
            }

            var user = realm is null || username!.Contains('@', StringComparison.Ordinal) ? username! : $"{username}@{realm}";
            var login = auth.Login(user, password!);
            if (login is null)
            {
                if (cluster.Options.AuthFailureDelay > TimeSpan.Zero)
                {
                    await Task.Delay(cluster.Options.AuthFailureDelay);
                }

                return new PveReply(401, "authentication failure", null);
            }

            return PveReply.Ok(new Dictionary<string, object>
            {
                ["username"] = user,
                ["ticket"] = login.Value.Ticket,
                ["CSRFPreventionToken"] = login.Value.Csrf,
                ["cap"] = new Dictionary<string, object>(),
            });
        }, cluster));

        app.MapGet("/api2/json/version", Handle(_ => Task.FromResult(reads.Version()), cluster));
        app.MapGet("/api2/json/nodes", Handle(_ => Task.FromResult(reads.Nodes()), cluster));
        app.MapGet("/api2/json/nodes/{node}/status", Handle(c => Task.FromResult(reads.NodeStatus(c.Node)), cluster));
        app.MapGet("/api2/json/cluster/resources", Handle(c => Task.FromResult(reads.Resources(c.Parameters)), cluster));
        app.MapGet("/api2/json/cluster/nextid", Handle(c => Task.FromResult(reads.NextId(c.Parameters)), cluster));
        app.MapGet("/api2/json/nodes/{node}/lxc", Handle(c => Task.FromResult(reads.LxcList(c.Node)), cluster));
        app.MapPost("/api2/json/nodes/{node}/lxc", Handle(c => cluster.CreateContainerAsync(c.Node, c.User, c.Parameters, $"/nodes/{c.Node}/lxc"), cluster));
        app.MapGet(Lxc, Handle(c => Task.FromResult(reads.LxcIndex(c.Node, c.Vmid)), cluster));
        app.MapGet(Lxc + "/status", Handle(c => Task.FromResult(reads.LxcIndex(c.Node, c.Vmid)), cluster));
        app.MapGet(Lxc + "/status/current", Handle(c => Task.FromResult(reads.LxcStatus(c.Node, c.Vmid)), cluster));
        app.MapPost(Lxc + "/status/start", Handle(c => cluster.StartAsync(c.Node, c.Vmid, c.User, c.Parameters), cluster));
        app.MapPost(Lxc + "/status/stop", Handle(c => cluster.StopAsync(c.Node, c.Vmid, c.User, c.Parameters, "vzstop"), cluster));
        app.MapPost(Lxc + "/status/shutdown", Handle(c => cluster.StopAsync(c.Node, c.Vmid, c.User, c.Parameters, "vzshutdown"), cluster));
        app.MapPost(Lxc + "/status/reboot", Handle(c => cluster.StopAsync(c.Node, c.Vmid, c.User, c.Parameters, "vzreboot"), cluster));
        app.MapPost(Lxc + "/migrate", Handle(c => cluster.MigrateAsync(c.Node, c.Vmid, c.User, c.Parameters), cluster));
        app.MapPost(Lxc + "/clone", Handle(c => cluster.CloneAsync(c.Node, c.Vmid, c.User, c.Parameters), cluster));
        app.MapGet(Lxc + "/config", Handle(c => Task.FromResult(reads.Config(c.Node, c.Vmid, c.Parameters)), cluster));
        app.MapPut(Lxc + "/config", Handle(c => Task.FromResult(cluster.SetConfig(c.Node, c.Vmid, c.Parameters)), cluster));
        app.MapPut(Lxc + "/resize", Handle(c => cluster.ResizeAsync(c.Node, c.Vmid, c.User, c.Parameters), cluster));
        app.MapDelete(Lxc, Handle(c => cluster.DeleteAsync(c.Node, c.Vmid, c.User, c.Parameters), cluster));
        app.MapGet(Lxc + "/interfaces", Handle(c => Task.FromResult(reads.Interfaces(c.Node, c.Vmid)), cluster));
        app.MapGet(Lxc + "/rrddata", Handle(c => Task.FromResult(reads.RrdData(c.Node, c.Vmid, c.Parameters)), cluster));
        app.MapGet(Lxc + "/snapshot", Handle(c => Task.FromResult(reads.Snapshots(c.Node, c.Vmid)), cluster));
        app.MapPost(Lxc + "/snapshot", Handle(c => cluster.SnapshotAsync(c.Node, c.Vmid, c.User, c.Parameters), cluster));
        app.MapPost(Lxc + "/snapshot/{snapname}/rollback",
            Handle(c => cluster.RollbackAsync(c.Node, c.Vmid, c.Route("snapname"), c.User, c.Parameters), cluster));
        app.MapDelete(Lxc + "/snapshot/{snapname}",
            Handle(c => cluster.DeleteSnapshotAsync(c.Node, c.Vmid, c.Route("snapname"), c.User, c.Parameters), cluster));
        app.MapPost("/api2/json/nodes/{node}/vzdump", Handle(c => cluster.VzdumpAsync(c.Node, c.User, c.Parameters), cluster));
        app.MapGet("/api2/json/nodes/{node}/storage/{storage}/content",
            Handle(c => Task.FromResult(reads.StorageContent(c.Node, c.Route("storage"), c.Parameters)), cluster));
        // A volid carries ':' and '/': callers encode it (%3A, %2F) or, like pvesh, send its slashes as they are.
        const string Volume = "/api2/json/nodes/{node}/storage/{storage}/content/{**volume}";
        app.MapGet(Volume, Handle(c => Task.FromResult(cluster.VolumeInfo(c.Route("storage"), c.Route("volume"), c.Parameters)), cluster));
        app.MapPut(Volume, Handle(c => Task.FromResult(cluster.UpdateVolume(c.Route("storage"), c.Route("volume"), c.Parameters)), cluster));
        app.MapDelete(Volume, Handle(c => cluster.DeleteVolumeAsync(c.Node, c.Route("storage"), c.Route("volume"), c.User, c.Parameters), cluster));
        app.MapGet("/api2/json/nodes/{node}/tasks", Handle(c => Task.FromResult(reads.Tasks(c.Node, c.Parameters)), cluster));
        app.MapGet("/api2/json/nodes/{node}/tasks/{upid}", Handle(c => Task.FromResult(reads.TaskIndex(c.Node, c.Route("upid"))), cluster));
        app.MapGet("/api2/json/nodes/{node}/tasks/{upid}/status",
            Handle(c => Task.FromResult(reads.TaskStatus(c.Node, c.Route("upid"))), cluster));
        app.MapGet("/api2/json/nodes/{node}/tasks/{upid}/log",
            Handle(c => Task.FromResult(reads.TaskLog(c.Node, c.Route("upid"), c.Parameters)), cluster));
        app.MapDelete("/api2/json/nodes/{node}/tasks/{upid}", Handle(c => Task.FromResult(cluster.StopTask(c.Node, c.Route("upid"))), cluster));

        app.Map("/api2/json/{**rest}", (HttpContext context) =>
            PveWire.WriteAsync(context, new PveReply(501, $"Method '{context.Request.Method} /{context.Request.RouteValues["rest"]}' not implemented", null)));
    }

    private static RequestDelegate Handle(Func<PveCall, Task<PveReply>> handler, SimulatedCluster cluster) => async context =>
    {
        var values = await PveWire.ReadParametersAsync(context.Request);
        if (values is null)
        {
            await PveWire.WriteAsync(context, new PveReply(400, "malformed JSON string in request body", null));
            return;
        }

        var node = context.Request.RouteValues["node"] as string ?? "";
        var vmid = 0;
        if (context.Request.RouteValues["vmid"] is string vmidText)
        {
            if (!int.TryParse(vmidText, NumberStyles.None, CultureInfo.InvariantCulture, out vmid))
            {
                await PveWire.WriteAsync(context, PveReply.Invalid("vmid", $"type check ('integer') failed - got '{vmidText}'"));
                return;
            }

            if (vmid is < 100 or > 999_999_999)
            {
                await PveWire.WriteAsync(context, PveReply.Invalid("vmid", vmid < 100 ? "value must have a minimum value of 100" : "value must have a maximum value of 999999999"));
                return;
            }
        }

        if (node.Length > 0 && !cluster.NodeExists(node))
        {
            await PveWire.WriteAsync(context, SimulatedCluster.UnknownNode(node));
            return;
        }

        var user = context.Items[PveAuthentication.UserItem] as string ?? "root@pam";
        var reply = await handler(new PveCall(context, node, vmid, new PveParameters(values), user));
        if (reply.IsSuccess && reply.Data is string upid && upid.StartsWith("UPID:", StringComparison.Ordinal) && cluster.DropsResponseTo(upid))
        {
            // The task has started (and with a zero duration, finished); the caller only never hears of it.
            context.Abort();
            return;
        }

        await PveWire.WriteAsync(context, reply);
    };
}
