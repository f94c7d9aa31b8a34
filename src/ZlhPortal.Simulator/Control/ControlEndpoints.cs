using System.Text.Json;
using ZlhPortal.Simulator.Agents;
using ZlhPortal.Simulator.State;
using ZlhPortal.Simulator.Velocity;

namespace ZlhPortal.Simulator.Control;

/// <summary>
/// <c>/_sim/</c>: fault injection and an inventory of everything that exists, so tests can prove the portal
/// survives faults and leaves nothing orphaned. Same credentials as the Proxmox API.
/// </summary>
internal static class ControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapSimulatorControl(this IEndpointRouteBuilder app, SimulatedCluster cluster, AgentSupervisor agents, VelocityRegistry velocity)
    {
        app.MapGet("/_sim/inventory", () =>
        {
            var registered = velocity.List().Select(s => new { s.Name, s.Address, s.Port });
            lock (cluster.Gate)
            {
                return Results.Json(new
                {
                    nodes = cluster.Nodes.Select(n => new { name = n.Name, online = !cluster.IsNodeOffline(n.Name) }),
                    containers = cluster.State.Containers.Values.Select(c => new
                    {
                        c.Vmid, c.Node, name = c.Hostname, c.Status, c.Template, c.Lock, c.Profile, c.Kind, c.AgentAddress,
                        c.Tags, c.Description, c.Cores, memoryMb = c.MemoryMb, diskGb = c.DiskGb,
                        agent = new
                        {
                            c.Agent.Configured, c.Agent.CrashCount, c.Agent.RestartCount, c.Agent.ProcessWanted,
                            state = agents.Get(c.Vmid)?.State,
                            consoleClients = agents.Get(c.Vmid)?.Console.SubscriberCount ?? 0,
                        },
                    }),
                    locks = cluster.State.Containers.Values.Where(c => c.Lock is not null)
                        .Select(c => new { c.Vmid, c.Node, c.Lock, owner = c.LockOwner }),
                    tasks = cluster.State.Tasks.TakeLast(500).Select(t => new { t.Upid, t.Node, t.Type, t.Id, t.Status, t.ExitStatus }),
                    backups = cluster.State.Backups.Select(b => new { b.VolId, b.Node, b.Storage, b.Vmid, b.Protected, b.Notes }),
                    dns = cluster.State.DnsRecords.Select(r => new { r.Zone, r.Name, r.Type, r.IpAddress, r.Target, r.Port }),
                    velocity = registered,
                }, Json);
            }
        });

        // For benchmarks that run the simulator as a separate process and need its own memory figures.
        app.MapGet("/_sim/process", (bool? collect) =>
        {
            if (collect == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }

            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new
            {
                workingSetBytes = process.WorkingSet64,
                managedHeapBytes = GC.GetTotalMemory(false),
                allocatedBytes = GC.GetTotalAllocatedBytes(),
                threads = process.Threads.Count,
            }, Json);
        });

        app.MapGet("/_sim/agent-requests", (int? vmid) => Results.Json(agents.Requests.Snapshot(vmid), Json));
        app.MapDelete("/_sim/agent-requests", () =>
        {
            agents.Requests.Clear();
            return Results.NoContent();
        });

        // Simulated players: one joins (refused when banned, not whitelisted or the server is full) or leaves a running game.
        app.MapPost("/_sim/agents/{vmid:int}/players", (int vmid, PlayerRequest request) =>
        {
            if (agents.Get(vmid) is not { Kind: "game" } agent)
            {
                return Results.NotFound(new { error = $"CT {vmid} runs no game agent" });
            }

            if (string.IsNullOrWhiteSpace(request.Name))
            {
                return Results.BadRequest(new { error = "name is required" });
            }

            switch (request.Action)
            {
                case "join":
                    var (joined, line) = agent.Process.Join(request.Name);
                    return Results.Json(new { joined, line }, Json);
                case "leave":
                    return Results.Json(new { left = agent.Process.Leave(request.Name) }, Json);
                default:
                    return Results.BadRequest(new { error = "action must be join or leave" });
            }
        });

        app.MapGet("/_sim/faults", () =>
        {
            lock (cluster.Gate)
            {
                return Results.Json(cluster.Faults, Json);
            }
        });

        app.MapPut("/_sim/faults", async (HttpContext context) =>
        {
            SimulatorFaults? faults;
            try
            {
                faults = await JsonSerializer.DeserializeAsync<SimulatorFaults>(context.Request.Body, Json, context.RequestAborted);
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = ex.Message });
            }

            SetFaults(cluster, faults ?? new SimulatorFaults());
            return Results.NoContent();
        });

        app.MapDelete("/_sim/faults", () =>
        {
            SetFaults(cluster, new SimulatorFaults());
            return Results.NoContent();
        });

        app.MapPost("/_sim/locks", (LockRequest request) =>
        {
            lock (cluster.Gate)
            {
                if (!cluster.State.Containers.TryGetValue(request.Vmid, out var c))
                {
                    return Results.NotFound(new { error = $"CT {request.Vmid} does not exist" });
                }

                c.Lock = string.IsNullOrEmpty(request.Lock) ? null : request.Lock;
                c.LockOwner = null;
                cluster.MarkDirty();
                return Results.NoContent();
            }
        });

        // A container that has been running a while, so its rrddata has history to draw (fresh ones have one sample).
        app.MapPost("/_sim/age", (AgeRequest request) =>
        {
            if (request.Hours is < 0 or > 24 * 366)
            {
                return Results.BadRequest(new { error = "hours must be 0..8784" });
            }

            lock (cluster.Gate)
            {
                if (!cluster.State.Containers.TryGetValue(request.Vmid, out var c))
                {
                    return Results.NotFound(new { error = $"CT {request.Vmid} does not exist" });
                }

                c.CreatedAt = cluster.Now.AddHours(-request.Hours);
                cluster.MarkDirty();
                return Results.NoContent();
            }
        });

        // A symbolic link in a container's server directory, as a game or a customer's script could make one.
        app.MapPost("/_sim/files/link", (LinkRequest request) =>
        {
            var refusal = AgentFiles.Check(request.Path, out var path) ?? (string.IsNullOrWhiteSpace(request.Target) ? "target is empty" : null);
            if (refusal is not null)
            {
                return Results.BadRequest(new { error = refusal });
            }

            lock (cluster.Gate)
            {
                if (!cluster.State.Containers.TryGetValue(request.Vmid, out var c))
                {
                    return Results.NotFound(new { error = $"CT {request.Vmid} does not exist" });
                }

                c.Agent.Files[path] = SimFile.Link(request.Target!, cluster.Now);
                cluster.MarkDirty();
                return Results.NoContent();
            }
        });

        app.MapPost("/_sim/seed", (SeedRequest request) =>
        {
            if (!cluster.NodeExists(request.Node) || request.Count is < 1 or > 100_000)
            {
                return Results.BadRequest(new { error = "node must exist and count be 1..100000" });
            }

            var created = new List<int>();
            lock (cluster.Gate)
            {
                var template = Catalog.Templates.FirstOrDefault(t => t.Profile == request.Profile) ?? Catalog.Templates[0];
                var vmid = request.FirstVmid;
                while (created.Count < request.Count)
                {
                    if (!cluster.State.Containers.ContainsKey(vmid))
                    {
                        cluster.State.Containers[vmid] = new SimContainer
                        {
                            Vmid = vmid,
                            Node = request.Node,
                            Hostname = $"ct{vmid}",
                            Status = request.Running && !request.Template ? "running" : "stopped",
                            Template = request.Template,
                            StartedAt = request.Running && !request.Template ? cluster.Now.AddMinutes(-vmid % 600) : null,
                            Cores = 2,
                            MemoryMb = template.MemoryMb,
                            DiskGb = template.DiskGb,
                            RootfsVolume = $"local-lvm:vm-{vmid}-disk-0",
                            Net0 = $"name=eth0,bridge=vmbr3,hwaddr={SimulatedCluster.MacFor(vmid)},ip=dhcp,type=veth",
                            Tags = template.Tags,
                            Profile = template.Profile,
                            Kind = template.Kind,
                            AgentAddress = cluster.AddressFor(cluster.State.NextAddressIndex++),
                            CreatedAt = cluster.Now.AddDays(-1),
                            Agent = new SimAgentState { Configured = true, ProcessWanted = request.Running },
                        };
                        created.Add(vmid);
                    }

                    vmid++;
                }

                cluster.MarkDirty();
            }

            return Results.Json(new { created }, Json);
        });
    }

    private static void SetFaults(SimulatedCluster cluster, SimulatorFaults faults)
    {
        lock (cluster.Gate)
        {
            var target = cluster.Faults;
            target.LatencyMs = faults.LatencyMs;
            target.ErrorRates = faults.ErrorRates;
            target.OfflineNodes = faults.OfflineNodes;
            target.ApiDown = faults.ApiDown;
            target.TaskFailures = faults.TaskFailures;
            target.DropResponses = faults.DropResponses;
            target.BackupFailures = faults.BackupFailures;
            target.AgentNeverHealthy = faults.AgentNeverHealthy;
            target.AgentCrashLoop = faults.AgentCrashLoop;
            target.DropConsole = faults.DropConsole;
        }
    }

    private sealed record LockRequest(int Vmid, string? Lock);

    private sealed record LinkRequest(int Vmid, string? Path, string? Target);

    private sealed record AgeRequest(int Vmid, double Hours);

    private sealed record PlayerRequest(string? Name, string? Action);

    private sealed record SeedRequest(string Node, int Count, int FirstVmid = 1000, bool Running = true, string Profile = "minecraft-paper", bool Template = false);
}
