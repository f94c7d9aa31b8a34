using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ZlhPortal.Simulator.Agents;
using ZlhPortal.Simulator.Control;
using ZlhPortal.Simulator.ProxmoxApi;

namespace ZlhPortal.Simulator.State;

/// <summary>
/// The simulated cluster: containers, locks, tasks, backups. Behaves like pve-container where the portal can
/// tell the difference (which checks fail the HTTP call, which fail the task, lock names, message texts).
/// Every read and write of <see cref="State"/> happens under <see cref="Gate"/>.
/// </summary>
internal sealed partial class SimulatedCluster
{
    public const string Version = "9.1.2";
    private readonly SimulatorOptions options;
    private readonly StateStore store;
    private readonly AddressBlock addresses;
    private readonly Dictionary<string, Action> rollbacks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly long processStart = Environment.TickCount64 / 10;
    private readonly DateTimeOffset bootTime = DateTimeOffset.UtcNow.AddDays(-3);

    public SimulatedCluster(SimulatorOptions options, StateStore store, SimulatorFaults faults)
    {
        this.options = options;
        this.store = store;
        Faults = faults;
        addresses = new AddressBlock(options.AgentAddressBlock);
        Nodes = options.EffectiveNodes;
        var loaded = StateStore.Load(options.StateFile);
        State = loaded ?? Seed();
        if (loaded is not null)
        {
            AbortTasksLostInRestart();
        }
    }

    public object Gate { get; } = new();

    public SimState State { get; }

    public SimulatorFaults Faults { get; }

    public IReadOnlyList<SimulatedNodeOptions> Nodes { get; }

    public AgentSupervisor? Agents { get; set; }

    public SimulatorOptions Options => options;

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public void MarkDirty() => store.MarkDirty();

    public void Stop() => stopping.Cancel();

    public string SerializeState()
    {
        lock (Gate)
        {
            return StateStore.Serialize(State);
        }
    }

    public bool NodeExists(string node) => Nodes.Any(n => n.Name == node);

    public bool IsNodeOffline(string node) => Faults.OfflineNodes.ContainsKey(node);

    public string AddressFor(int index) => addresses.Get(index).ToString();

    private SimState Seed()
    {
        var state = new SimState();
        var created = DateTimeOffset.UtcNow.AddDays(-30);
        foreach (var t in Catalog.Templates)
        {
            state.Containers[t.Vmid] = new SimContainer
            {
                Vmid = t.Vmid,
                Node = Nodes[0].Name,
                Hostname = t.Hostname,
                Template = true,
                Cores = 2,
                MemoryMb = t.MemoryMb,
                SwapMb = 512,
                DiskGb = t.DiskGb,
                RootfsVolume = $"ceph-ct:base-{t.Vmid}-disk-0",
                Net0 = $"name=eth0,bridge=vmbr0,hwaddr={MacFor(t.Vmid)},ip=dhcp,type=veth",
                Tags = t.Tags,
                Description = t.Description,
                Profile = t.Profile,
                Kind = t.Kind,
                CreatedAt = created,
                Agent = new SimAgentState { Files = AgentFiles.Seed(t.Profile, Now) },
            };
        }

        return state;
    }

    /// <summary>Tasks that were running when the simulator stopped end as failed and give their locks back.</summary>
    private void AbortTasksLostInRestart()
    {
        var lost = State.Tasks.Where(t => t.Status == "running").ToList();
        foreach (var task in lost)
        {
            task.Status = "stopped";
            task.ExitStatus = "unexpected status";
            task.EndTime = Now.ToUnixTimeSeconds();
            task.Log.Add("TASK ERROR: unexpected status");
        }

        var lostIds = lost.Select(t => t.Upid).ToHashSet(StringComparer.Ordinal);
        var lostRestores = lost.Where(t => t.Type == "vzrestore").Select(t => t.Upid).ToHashSet(StringComparer.Ordinal);
        foreach (var container in State.Containers.Values.ToList())
        {
            if (container.LockOwner is null || !lostIds.Contains(container.LockOwner))
            {
                continue;
            }

            if (lostRestores.Contains(container.LockOwner))
            {
                // A restore that died leaves its config behind with the create lock, as pve-container does when its worker
                // is killed: the container can neither start nor be restored over until someone removes the lock.
                container.LockOwner = null;
            }
            else if (container.Lock == "create")
            {
                State.Containers.Remove(container.Vmid);
            }
            else
            {
                container.Lock = null;
                container.LockOwner = null;
            }
        }
    }

    public static string MacFor(int vmid) =>
        string.Create(CultureInfo.InvariantCulture, $"BC:24:11:{(vmid >> 16) & 0xFF:X2}:{(vmid >> 8) & 0xFF:X2}:{vmid & 0xFF:X2}");

    // ---- lookups -------------------------------------------------------------------------------------

    /// <summary>Finds a CT on a node the way pve-container does: by its config file on that node.</summary>
    public PveReply? Find(string node, int vmid, out SimContainer container)
    {
        container = null!;
        if (!NodeExists(node))
        {
            return UnknownNode(node);
        }

        if (!State.Containers.TryGetValue(vmid, out var found) || found.Node != node)
        {
            return PveReply.Fail($"Configuration file 'nodes/{node}/lxc/{vmid}.conf' does not exist");
        }

        container = found;
        return null;
    }

    public static PveReply UnknownNode(string node) =>
        PveReply.Fail($"hostname lookup '{node}' failed - failed to get address info for: {node}: Name or service not known");

    // ---- tasks ---------------------------------------------------------------------------------------

    /// <summary>
    /// Starts a worker. Checks that Proxmox makes before forking have already run; <paramref name="complete"/>
    /// runs under the gate when the task's time is up and returns an error text to fail it;
    /// <paramref name="rollback"/> undoes the synchronous part on failure; <paramref name="effects"/> runs
    /// outside the gate after success (starting or stopping agents) before the task reports OK.
    /// With a zero duration the whole task finishes before the POST answers; otherwise the call waits up to
    /// <paramref name="wait"/> for it (a <c>delay</c> parameter).
    /// </summary>
    public async Task<PveReply> RunTaskAsync(SimTask task, Func<string?> complete, Action? rollback = null, Func<Task>? effects = null,
        TimeSpan wait = default)
    {
        var duration = options.DurationOf(task.Type);
        if (rollback is not null)
        {
            lock (Gate)
            {
                rollbacks[task.Upid] = rollback;
            }
        }

        var run = RunAsync();
        if (duration <= TimeSpan.Zero)
        {
            await run;
        }
        else if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(run, Task.Delay(wait, stopping.Token));
        }

        return PveReply.Ok(task.Upid);

        async Task RunAsync()
        {
            try
            {
                if (duration > TimeSpan.Zero)
                {
                    await Task.Delay(duration, stopping.Token);
                }

                string? error;
                lock (Gate)
                {
                    if (task.Status != "running" || stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    error = InjectedFailure(task.Type) ?? complete();
                    if (error is not null)
                    {
                        rollback?.Invoke();
                    }
                }

                if (error is null && effects is not null)
                {
                    await effects();
                }

                Finish(task, error);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The simulator is shutting down; the task stays "running" in the saved state and is failed on the next start.
            }
            catch (Exception ex)
            {
                lock (Gate)
                {
                    rollback?.Invoke();
                }

                Finish(task, ex.Message);
            }
        }
    }

    private void Finish(SimTask task, string? error)
    {
        lock (Gate)
        {
            if (task.Status != "running")
            {
                return;
            }

            rollbacks.Remove(task.Upid);
            task.Status = "stopped";
            task.EndTime = Now.ToUnixTimeSeconds();
            task.ExitStatus = error ?? "OK";
            task.Log.Add(error is null ? "TASK OK" : "TASK ERROR: " + error);
            MarkDirty();
        }
    }

    private string? InjectedFailure(string type)
    {
        var rule = Faults.TaskFailures.FirstOrDefault(r => r.Type.Length == 0 || r.Type == type);
        if (rule is null)
        {
            return null;
        }

        if (rule.Count > 0 && --rule.Count == 0)
        {
            Faults.TaskFailures.Remove(rule);
        }

        return rule.ExitStatus;
    }

    /// <summary>
    /// Whether the answer to the call that started <paramref name="upid"/> is to be dropped (a <c>dropResponses</c> rule for
    /// its task type); uses up one of the rule's count.
    /// </summary>
    public bool DropsResponseTo(string upid)
    {
        // UPID:node:pid:pstart:starttime:type:id:user:
        var parts = upid.Split(':');
        if (parts.Length < 6)
        {
            return false;
        }

        lock (Gate)
        {
            var rule = Faults.DropResponses.FirstOrDefault(r => r.Type.Length == 0 || r.Type == parts[5]);
            if (rule is null)
            {
                return false;
            }

            if (rule.Count > 0 && --rule.Count == 0)
            {
                Faults.DropResponses.Remove(rule);
            }

            return true;
        }
    }

    /// <summary>Creates a running task record; call under the gate.</summary>
    public SimTask NewTask(string node, string type, string id, string user, params string[] log)
    {
        var now = Now;
        var pid = State.NextPid++;
        // pve-common's encoding: pid, pstart and start time as zero-padded uppercase hex, trailing colon.
        var upid = string.Create(CultureInfo.InvariantCulture,
            $"UPID:{node}:{pid:X8}:{processStart:X8}:{now.ToUnixTimeSeconds():X8}:{type}:{id}:{user}:");
        var task = new SimTask
        {
            Upid = upid,
            Node = node,
            Type = type,
            Id = id,
            User = user,
            Pid = pid,
            PStart = processStart,
            StartTime = now.ToUnixTimeSeconds(),
            Log = [.. log],
        };
        State.Tasks.Add(task);
        if (State.Tasks.Count > 5000)
        {
            State.Tasks.RemoveRange(0, State.Tasks.Count - 5000);
        }

        MarkDirty();
        return task;
    }

    public PveReply StopTask(string node, string upid)
    {
        lock (Gate)
        {
            var task = FindTask(node, upid);
            if (task is null)
            {
                return new PveReply(400, "no such task", null);
            }

            if (task.Status == "running")
            {
                if (rollbacks.Remove(task.Upid, out var rollback))
                {
                    rollback();
                }

                task.Status = "stopped";
                task.ExitStatus = "interrupted by signal";
                task.EndTime = Now.ToUnixTimeSeconds();
                task.Log.Add("received interrupt");
                task.Log.Add("TASK ERROR: interrupted by signal");
                MarkDirty();
            }

            return PveReply.Ok(null);
        }
    }

    public SimTask? FindTask(string node, string upid) =>
        State.Tasks.FirstOrDefault(t => t.Upid == upid && t.Node == node);

    public object TaskStatus(SimTask task)
    {
        var user = task.User;
        string? tokenId = null;
        var bang = user.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            tokenId = user[(bang + 1)..];
            user = user[..bang];
        }

        var result = new Dictionary<string, object?>
        {
            ["upid"] = task.Upid,
            ["node"] = task.Node,
            ["pid"] = task.Pid,
            ["pstart"] = task.PStart,
            ["starttime"] = task.StartTime,
            ["type"] = task.Type,
            ["id"] = task.Id,
            ["user"] = user,
            ["status"] = task.Status,
        };
        if (tokenId is not null)
        {
            result["tokenid"] = tokenId;
        }

        if (task.ExitStatus is not null)
        {
            result["exitstatus"] = task.ExitStatus;
        }

        if (task.EndTime is not null)
        {
            result["endtime"] = task.EndTime;
        }

        return result;
    }

    // ---- metrics -------------------------------------------------------------------------------------

    /// <summary>A smooth per-container wave so usage looks alive and differs between containers.</summary>
    public double Wave(int vmid, double periodSeconds, double phase = 0) =>
        (1 + Math.Sin(Now.ToUnixTimeMilliseconds() / 1000.0 / periodSeconds * 2 * Math.PI / 10 + vmid * 0.7 + phase)) / 2;

    public long MemUsed(SimContainer c) =>
        c.IsRunning ? (long)(c.MemoryMb * 1048576L * (0.22 + 0.3 * Wave(c.Vmid, 90, 1) * (c.Agent.ProcessWanted ? 1 : 0.3))) : 0;

    public double CpuUsed(SimContainer c) =>
        c.IsRunning ? Math.Round(0.01 + 0.3 * Wave(c.Vmid, 40) * (c.Agent.ProcessWanted ? 1 : 0.1), 4) : 0;

    public long Uptime(SimContainer c) =>
        c.IsRunning && c.StartedAt is { } started ? (long)(Now - started).TotalSeconds : 0;

    public long DiskUsed(SimContainer c) => (long)(c.DiskGb * 1073741824 * (0.18 + 0.05 * Wave(c.Vmid, 3600)));

    public long NetIn(SimContainer c) => Uptime(c) * (2000 + c.Vmid % 97 * 100);

    public long NetOut(SimContainer c) => Uptime(c) * (8000 + c.Vmid % 89 * 300);

    // ---- config text and digest --------------------------------------------------------------------------

    public SortedDictionary<string, object> ConfigOf(SimContainer c)
    {
        var config = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["arch"] = "amd64",
            ["cores"] = c.Cores,
            ["hostname"] = c.Hostname,
            ["memory"] = c.MemoryMb,
            ["swap"] = c.SwapMb,
            ["ostype"] = "debian",
            ["rootfs"] = $"{c.RootfsVolume},size={FormatSize(c.DiskGb)}",
            ["net0"] = c.Net0,
            ["unprivileged"] = 1,
            ["features"] = "nesting=1",
        };
        if (c.Description is not null)
        {
            config["description"] = c.Description;
        }

        if (c.Tags is not null)
        {
            config["tags"] = c.Tags;
        }

        if (c.OnBoot)
        {
            config["onboot"] = 1;
        }

        if (c.CpuLimit > 0)
        {
            config["cpulimit"] = c.CpuLimit;
        }

        if (c.Template)
        {
            config["template"] = 1;
        }

        if (c.Lock is not null)
        {
            config["lock"] = c.Lock;
        }

        return config;
    }

    public string DigestOf(SimContainer c)
    {
        var text = string.Join('\n', ConfigOf(c).Select(kv => $"{kv.Key}: {Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}"));
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text + c.ConfigVersion.ToString(CultureInfo.InvariantCulture))));
    }

    public static string FormatSize(double gb) =>
        gb == Math.Floor(gb)
            ? string.Create(CultureInfo.InvariantCulture, $"{gb:0}G")
            : string.Create(CultureInfo.InvariantCulture, $"{gb * 1024:0}M");

    [GeneratedRegex(@"^\+?(\d+(?:\.\d+)?)([KMGT]?)$")]
    public static partial Regex SizePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]+$")]
    public static partial Regex SnapshotNamePattern();

    [GeneratedRegex(@"^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")]
    public static partial Regex DnsNamePattern();
}
