using System.Globalization;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>The GET side of the API: shapes and quirks as Proxmox VE 9 returns them (0/1 booleans, nextid as a string, …).</summary>
internal sealed class ProxmoxReads(SimulatedCluster cluster, string fingerprint)
{
    private const long GiB = 1L << 30;

    public PveReply Version() => PveReply.Ok(new Dictionary<string, object>
    {
        ["version"] = SimulatedCluster.Version,
        ["release"] = "9.1",
        ["repoid"] = "2d5a8c6f0e9b4c1a",
        ["console"] = "xtermjs",
    });

    public PveReply Nodes()
    {
        lock (cluster.Gate)
        {
            return PveReply.Ok(cluster.Nodes.Select(NodeEntry).ToList());
        }
    }

    private Dictionary<string, object?> NodeEntry(SimulatedNodeOptions node)
    {
        var entry = new Dictionary<string, object?>
        {
            ["node"] = node.Name,
            ["id"] = "node/" + node.Name,
            ["type"] = "node",
            ["status"] = cluster.IsNodeOffline(node.Name) ? "offline" : "online",
            ["level"] = "",
            ["ssl_fingerprint"] = fingerprint,
        };
        if (!cluster.IsNodeOffline(node.Name))
        {
            var (cpu, mem) = NodeUsage(node);
            entry["cpu"] = cpu;
            entry["maxcpu"] = node.Cores;
            entry["mem"] = mem;
            entry["maxmem"] = node.MemoryGiB * GiB;
            entry["disk"] = NodeDisk(node);
            entry["maxdisk"] = node.DiskGiB * GiB;
            entry["uptime"] = 3 * 86400 + (long)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds % 86400;
        }

        return entry;
    }

    private (double Cpu, long Mem) NodeUsage(SimulatedNodeOptions node)
    {
        var guests = cluster.State.Containers.Values.Where(c => c.Node == node.Name && c.IsRunning).ToList();
        var cpu = Math.Min(1, 0.02 + guests.Sum(g => cluster.CpuUsed(g) * g.Cores) / node.Cores);
        var mem = 2 * GiB + guests.Sum(cluster.MemUsed);
        return (Math.Round(cpu, 4), Math.Min(mem, node.MemoryGiB * GiB));
    }

    private long NodeDisk(SimulatedNodeOptions node) =>
        8 * GiB + cluster.State.Containers.Values.Where(c => c.Node == node.Name).Sum(cluster.DiskUsed);

    public PveReply NodeStatus(string node)
    {
        lock (cluster.Gate)
        {
            var n = cluster.Nodes.First(x => x.Name == node);
            var (cpu, mem) = NodeUsage(n);
            var total = n.MemoryGiB * GiB;
            var load = (cpu * n.Cores).ToString("0.00", CultureInfo.InvariantCulture);
            return PveReply.Ok(new Dictionary<string, object>
            {
                ["cpu"] = cpu,
                ["wait"] = 0.0012,
                ["loadavg"] = new[] { load, load, load },
                ["memory"] = new Dictionary<string, long> { ["total"] = total, ["used"] = mem, ["free"] = total - mem, ["available"] = total - mem },
                ["swap"] = new Dictionary<string, long> { ["total"] = 8 * GiB, ["used"] = 0, ["free"] = 8 * GiB },
                ["ksm"] = new Dictionary<string, long> { ["shared"] = 0 },
                ["rootfs"] = new Dictionary<string, long>
                {
                    ["total"] = 100 * GiB, ["used"] = 12 * GiB, ["free"] = 88 * GiB, ["avail"] = 83 * GiB,
                },
                ["cpuinfo"] = new Dictionary<string, object>
                {
                    ["model"] = "AMD EPYC 7443P 24-Core Processor", ["cores"] = n.Cores / 2, ["cpus"] = n.Cores, ["sockets"] = 1,
                    ["mhz"] = "2850.000", ["hvm"] = "1",
                },
                ["uptime"] = 3 * 86400,
                ["pveversion"] = $"pve-manager/{SimulatedCluster.Version}/2d5a8c6f0e9b4c1a",
                ["kversion"] = "Linux 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4",
                ["current-kernel"] = new Dictionary<string, string> { ["sysname"] = "Linux", ["release"] = "6.14.11-4-pve", ["machine"] = "x86_64" },
                ["boot-info"] = new Dictionary<string, object> { ["mode"] = "efi", ["secureboot"] = 0 },
            });
        }
    }

    public PveReply Resources(PveParameters p)
    {
        p.Allow("type");
        var type = p.Enum("type", "vm", "storage", "node", "sdn");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        var result = new List<object>();
        lock (cluster.Gate)
        {
            if (type is null or "node")
            {
                result.AddRange(cluster.Nodes.Select(NodeEntry));
            }

            if (type is null or "storage")
            {
                foreach (var node in cluster.Nodes)
                {
                    foreach (var s in Catalog.Storages)
                    {
                        result.Add(new Dictionary<string, object>
                        {
                            ["id"] = $"storage/{node.Name}/{s.Name}",
                            ["type"] = "storage",
                            ["node"] = node.Name,
                            ["storage"] = s.Name,
                            ["status"] = cluster.IsNodeOffline(node.Name) ? "unknown" : "available",
                            ["plugintype"] = s.Type,
                            ["content"] = s.Content,
                            ["shared"] = s.Shared ? 1 : 0,
                            ["disk"] = s.Total / 5,
                            ["maxdisk"] = s.Total,
                        });
                    }
                }
            }

            if (type is null or "vm")
            {
                var now = cluster.Now;
                foreach (var c in cluster.State.Containers.Values)
                {
                    var status = cluster.IsNodeOffline(c.Node) || (!c.Template && now - c.CreatedAt < cluster.Options.NewGuestStatusDelay) ? "unknown" : c.Status;
                    result.Add(new ClusterGuestDto(
                        "lxc/" + c.Vmid.ToString(CultureInfo.InvariantCulture), "lxc", c.Vmid, c.Node, c.Hostname, status, c.Template ? 1 : 0,
                        c.Cores, cluster.CpuUsed(c), cluster.MemUsed(c), c.MemoryMb * 1048576L, cluster.DiskUsed(c), (long)(c.DiskGb * GiB),
                        cluster.Uptime(c), cluster.NetIn(c), cluster.NetOut(c), cluster.Uptime(c) * 4096, cluster.Uptime(c) * 8192,
                        c.Tags, c.Lock, c.Pool));
                }
            }
        }

        return PveReply.Ok(result);
    }

    /// <summary>The lowest free id from 100, as a string (Perl stringification); reserves nothing.</summary>
    public PveReply NextId(PveParameters p)
    {
        p.Allow("vmid");
        var vmid = p.Integer("vmid", 100, 999_999_999);
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        lock (cluster.Gate)
        {
            if (vmid is not null)
            {
                return cluster.State.Containers.ContainsKey((int)vmid)
                    ? PveReply.Invalid("vmid", $"VM {vmid} already exists")
                    : PveReply.Ok(vmid.Value.ToString(CultureInfo.InvariantCulture));
            }

            var next = 100;
            foreach (var id in cluster.State.Containers.Keys)
            {
                if (id > next)
                {
                    break;
                }

                if (id == next)
                {
                    next++;
                }
            }

            return PveReply.Ok(next.ToString(CultureInfo.InvariantCulture));
        }
    }

    public PveReply LxcList(string node)
    {
        lock (cluster.Gate)
        {
            return PveReply.Ok(cluster.State.Containers.Values.Where(c => c.Node == node).Select(c =>
            {
                var entry = new Dictionary<string, object?>
                {
                    ["vmid"] = c.Vmid,
                    ["name"] = c.Hostname,
                    ["status"] = c.Status,
                    ["type"] = "lxc",
                    ["cpus"] = c.Cores,
                    ["cpu"] = cluster.CpuUsed(c),
                    ["maxmem"] = c.MemoryMb * 1048576L,
                    ["mem"] = cluster.MemUsed(c),
                    ["maxswap"] = c.SwapMb * 1048576L,
                    ["maxdisk"] = (long)(c.DiskGb * GiB),
                    ["disk"] = cluster.DiskUsed(c),
                    ["uptime"] = cluster.Uptime(c),
                    ["netin"] = cluster.NetIn(c),
                    ["netout"] = cluster.NetOut(c),
                    ["tags"] = c.Tags,
                    ["lock"] = c.Lock,
                };
                if (c.Template)
                {
                    entry["template"] = 1;
                }

                RemoveNulls(entry);
                return entry;
            }).ToList());
        }
    }

    public PveReply LxcIndex(string node, int vmid)
    {
        lock (cluster.Gate)
        {
            return cluster.Find(node, vmid, out _) ?? PveReply.Ok(new[]
            {
                new { subdir = "config" }, new { subdir = "status" }, new { subdir = "snapshot" }, new { subdir = "rrddata" },
                new { subdir = "interfaces" }, new { subdir = "clone" }, new { subdir = "resize" },
            });
        }
    }

    public PveReply LxcStatus(string node, int vmid)
    {
        lock (cluster.Gate)
        {
            if (cluster.Find(node, vmid, out var c) is { } missing)
            {
                return missing;
            }

            var status = new Dictionary<string, object?>
            {
                ["vmid"] = c.Vmid,
                ["type"] = "lxc",
                ["name"] = c.Hostname,
                ["status"] = c.Status,
                ["cpus"] = c.Cores,
                ["cpu"] = cluster.CpuUsed(c),
                ["mem"] = cluster.MemUsed(c),
                ["maxmem"] = c.MemoryMb * 1048576L,
                ["swap"] = 0,
                ["maxswap"] = c.SwapMb * 1048576L,
                ["disk"] = cluster.DiskUsed(c),
                ["maxdisk"] = (long)(c.DiskGb * GiB),
                ["uptime"] = cluster.Uptime(c),
                ["netin"] = cluster.NetIn(c),
                ["netout"] = cluster.NetOut(c),
                ["diskread"] = cluster.Uptime(c) * 4096,
                ["diskwrite"] = cluster.Uptime(c) * 8192,
                ["ha"] = new Dictionary<string, int> { ["managed"] = 0 },
                ["tags"] = c.Tags,
                ["lock"] = c.Lock,
            };
            if (c.IsRunning)
            {
                status["pid"] = 100000 + c.Vmid;
            }

            RemoveNulls(status);

            if (c.Template)
            {
                status["template"] = 1;
            }

            return PveReply.Ok(status);
        }
    }

    public PveReply Config(string node, int vmid, PveParameters p)
    {
        p.Allow("current", "snapshot");
        p.Boolean("current");
        var snapshot = p.String("snapshot");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        lock (cluster.Gate)
        {
            if (cluster.Find(node, vmid, out var c) is { } missing)
            {
                return missing;
            }

            if (snapshot is not null && c.Snapshots.All(s => s.Name != snapshot))
            {
                return PveReply.Fail($"snapshot '{snapshot}' does not exist");
            }

            var config = new Dictionary<string, object>(cluster.ConfigOf(c)) { ["digest"] = cluster.DigestOf(c) };
            return PveReply.Ok(config);
        }
    }

    /// <summary>
    /// What <c>ip --json a</c> shows inside the CT. Proxmox reads no config here: a CT that is not running (or does not
    /// exist) answers 200 with <c>data: null</c>.
    /// </summary>
    public PveReply Interfaces(string node, int vmid)
    {
        lock (cluster.Gate)
        {
            if (!cluster.State.Containers.TryGetValue(vmid, out var c) || c.Node != node || !c.IsRunning)
            {
                return PveReply.Ok(null);
            }

            return PveReply.Ok(new[]
            {
                Interface("lo", "00:00:00:00:00:00", ("127.0.0.1", 8), ("::1", 128)),
                Interface("eth0", SimulatedCluster.MacFor(c.Vmid).ToLowerInvariant(), (c.AgentAddress ?? "", 32),
                    ("fe80::be24:11ff:fe00:" + (c.Vmid & 0xFFFF).ToString("x", CultureInfo.InvariantCulture), 64)),
            });
        }
    }

    /// <summary>pve-container lists every address under <c>ip-addresses</c> and still sets the older <c>inet</c>/<c>inet6</c> and <c>hwaddr</c> keys.</summary>
    private static Dictionary<string, object> Interface(string name, string mac, params (string Address, int Prefix)[] addresses)
    {
        var entry = new Dictionary<string, object>
        {
            ["name"] = name,
            ["hwaddr"] = mac,
            ["hardware-address"] = mac,
            ["ip-addresses"] = addresses.Select(a => new Dictionary<string, object>
            {
                ["ip-address"] = a.Address,
                ["ip-address-type"] = a.Address.Contains(':', StringComparison.Ordinal) ? "inet6" : "inet",
                ["prefix"] = a.Prefix,
            }).ToList(),
        };
        foreach (var a in addresses)
        {
            entry[a.Address.Contains(':', StringComparison.Ordinal) ? "inet6" : "inet"] = $"{a.Address}/{a.Prefix}";
        }

        return entry;
    }

    public PveReply RrdData(string node, int vmid, PveParameters p)
    {
        p.Allow("timeframe", "cf");
        var timeframe = p.Enum("timeframe", "hour", "day", "week", "month", "year");
        p.Enum("cf", "AVERAGE", "MAX");
        p.String("timeframe", required: true);
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        var step = timeframe switch { "hour" => 60, "day" => 1800, "week" => 10800, "month" => 43200, _ => 604800 };
        lock (cluster.Gate)
        {
            if (cluster.Find(node, vmid, out var c) is { } missing)
            {
                return missing;
            }

            var now = cluster.Now.ToUnixTimeSeconds() / step * step;
            var created = c.CreatedAt.ToUnixTimeSeconds();
            var points = new List<Dictionary<string, object>>(70);
            for (var i = 69; i >= 0; i--)
            {
                var time = now - (long)i * step;
                var point = new Dictionary<string, object> { ["time"] = time };
                // A sample averages its whole step: the newest, still filling, already counts a container created during it.
                if (time + step > created)
                {
                    var wave = (1 + Math.Sin(time / 600.0 + c.Vmid)) / 2;
                    var running = c.IsRunning || i > 5;
                    point["maxcpu"] = c.Cores;
                    point["cpu"] = running ? Math.Round(0.02 + 0.3 * wave, 5) : 0;
                    point["maxmem"] = c.MemoryMb * 1048576L;
                    point["mem"] = running ? Math.Round(c.MemoryMb * 1048576.0 * (0.25 + 0.3 * wave), 2) : 0;
                    point["maxdisk"] = (long)(c.DiskGb * GiB);
                    point["disk"] = cluster.DiskUsed(c);
                    point["netin"] = Math.Round(running ? 1500 + 4000 * wave : 0, 2);
                    point["netout"] = Math.Round(running ? 6000 + 20000 * wave : 0, 2);
                    point["diskread"] = Math.Round(running ? 300 * wave : 0, 2);
                    point["diskwrite"] = Math.Round(running ? 2000 * wave : 0, 2);
                }

                points.Add(point);
            }

            return PveReply.Ok(points);
        }
    }

    public PveReply Snapshots(string node, int vmid)
    {
        lock (cluster.Gate)
        {
            if (cluster.Find(node, vmid, out var c) is { } missing)
            {
                return missing;
            }

            var list = c.Snapshots.Select(s => new Dictionary<string, object?>
            {
                ["name"] = s.Name,
                ["description"] = s.Description ?? "",
                ["snaptime"] = s.SnapTime,
                ["parent"] = s.Parent,
            }).ToList();
            list.Add(new Dictionary<string, object?>
            {
                ["name"] = "current",
                ["description"] = "You are here!",
                ["running"] = c.IsRunning ? 1 : 0,
                ["digest"] = cluster.DigestOf(c),
                ["parent"] = c.Snapshots.LastOrDefault()?.Name,
            });
            return PveReply.Ok(list);
        }
    }

    public PveReply StorageContent(string node, string storage, PveParameters p)
    {
        p.Allow("content", "vmid");
        var content = p.Enum("content", "backup", "vztmpl", "iso", "rootdir", "images", "snippets", "import");
        var vmid = p.Integer("vmid", 100, 999_999_999);
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        var definition = Catalog.Storages.FirstOrDefault(s => s.Name == storage);
        if (definition is null)
        {
            return PveReply.Fail($"storage '{storage}' does not exist");
        }

        var items = new List<Dictionary<string, object?>>();
        lock (cluster.Gate)
        {
            if (storage == "local" && content is null or "vztmpl" && vmid is null)
            {
                items.AddRange(Catalog.OsTemplates.Select(t => new Dictionary<string, object?>
                {
                    ["volid"] = "local:vztmpl/" + t.File, ["content"] = "vztmpl", ["format"] = "tzst", ["size"] = t.Size,
                    ["ctime"] = 1735689600L,
                }));
            }

            if (content is null or "backup")
            {
                items.AddRange(cluster.State.Backups
                    .Where(b => b.Storage == storage && (definition.Shared || b.Node == node) && (vmid is null || b.Vmid == vmid))
                    .Select(b =>
                    {
                        var entry = new Dictionary<string, object?>
                        {
                            ["volid"] = b.VolId, ["content"] = "backup", ["format"] = b.Format, ["size"] = b.Size, ["ctime"] = b.CTime,
                            ["vmid"] = b.Vmid, ["subtype"] = "lxc",
                            // The list carries only the first line of the notes; the volume's own GET has them whole.
                            ["notes"] = b.Notes?.Split('\n')[0],
                            // pve-storage sets the flag to 1 when protected and leaves it out otherwise.
                            ["protected"] = b.Protected ? 1 : null,
                        };
                        RemoveNulls(entry);
                        return entry;
                    }));
            }

            if (content is null or "rootdir" or "images")
            {
                items.AddRange(cluster.State.Containers.Values
                    .Where(c => c.RootfsVolume.StartsWith(storage + ":", StringComparison.Ordinal)
                        && (definition.Shared || c.Node == node) && (vmid is null || c.Vmid == vmid))
                    .Select(c => new Dictionary<string, object?>
                    {
                        ["volid"] = c.RootfsVolume, ["content"] = "rootdir", ["format"] = "raw", ["size"] = (long)(c.DiskGb * GiB),
                        ["ctime"] = c.CreatedAt.ToUnixTimeSeconds(), ["vmid"] = c.Vmid,
                    }));
            }
        }

        return PveReply.Ok(items);
    }

    public PveReply Tasks(string node, PveParameters p)
    {
        p.Allow("vmid", "typefilter", "source", "limit", "start", "errors", "userfilter", "since", "until", "statusfilter");
        var vmid = p.Integer("vmid", 100, 999_999_999);
        var type = p.String("typefilter");
        var source = p.Enum("source", "archive", "active", "all") ?? "archive";
        var limit = (int)(p.Integer("limit", 0) ?? 50);
        var start = (int)(p.Integer("start", 0) ?? 0);
        var errorsOnly = p.Boolean("errors") ?? false;
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        lock (cluster.Gate)
        {
            var tasks = cluster.State.Tasks.Where(t => t.Node == node
                    && (vmid is null || t.Id == vmid.Value.ToString(CultureInfo.InvariantCulture))
                    && (type is null || t.Type == type)
                    && (source == "all" || (source == "active") == (t.Status == "running"))
                    && (!errorsOnly || (t.ExitStatus is not null && t.ExitStatus != "OK")))
                .OrderByDescending(t => t.StartTime).ToList();
            return PveReply.Ok(tasks.Skip(start).Take(limit).Select(TaskListEntry).ToList(), tasks.Count);
        }
    }

    /// <summary>
    /// A task as the list shows it, which is not how its status reads: <c>status</c> is <c>RUNNING</c> while it runs and
    /// then its exit text (there is no <c>exitstatus</c>), and only finished (archived) entries have a token split off the user.
    /// </summary>
    private static Dictionary<string, object?> TaskListEntry(SimTask task)
    {
        var entry = new Dictionary<string, object?>
        {
            ["upid"] = task.Upid,
            ["node"] = task.Node,
            ["pid"] = task.Pid,
            ["pstart"] = task.PStart,
            ["starttime"] = task.StartTime,
            ["type"] = task.Type,
            ["id"] = task.Id,
            ["user"] = task.User,
            ["status"] = task.Status == "running" ? "RUNNING" : task.ExitStatus,
        };
        if (task.Status != "running")
        {
            entry["endtime"] = task.EndTime;
            var bang = task.User.IndexOf('!', StringComparison.Ordinal);
            if (bang >= 0)
            {
                entry["user"] = task.User[..bang];
                entry["tokenid"] = task.User[(bang + 1)..];
            }
        }

        RemoveNulls(entry);
        return entry;
    }

    public PveReply TaskIndex(string node, string upid)
    {
        lock (cluster.Gate)
        {
            return cluster.FindTask(node, upid) is null
                ? new PveReply(400, "no such task", null)
                : PveReply.Ok(new[] { new { name = "log" }, new { name = "status" } });
        }
    }

    public PveReply TaskStatus(string node, string upid)
    {
        lock (cluster.Gate)
        {
            var task = cluster.FindTask(node, upid);
            return task is null ? new PveReply(400, "no such task", null) : PveReply.Ok(cluster.TaskStatus(task));
        }
    }

    public PveReply TaskLog(string node, string upid, PveParameters p)
    {
        p.Allow("start", "limit", "download");
        var start = (int)(p.Integer("start", 0) ?? 0);
        var limit = (int)(p.Integer("limit", 0) ?? 50);
        p.Boolean("download");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        lock (cluster.Gate)
        {
            var task = cluster.FindTask(node, upid);
            if (task is null)
            {
                return new PveReply(400, "no such task", null);
            }

            var lines = task.Log.Select((line, i) => new Dictionary<string, object> { ["n"] = i + 1, ["t"] = line })
                .Skip(start).Take(limit).ToList();
            return PveReply.Ok(lines, task.Log.Count);
        }
    }

    /// <summary>Proxmox omits absent optional keys (<c>lock</c>, <c>tags</c>) rather than sending null.</summary>
    private static void RemoveNulls(Dictionary<string, object?> entry)
    {
        foreach (var key in entry.Where(e => e.Value is null).Select(e => e.Key).ToList())
        {
            entry.Remove(key);
        }
    }
}
