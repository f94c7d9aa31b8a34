using System.Globalization;
using ZlhPortal.Simulator.ProxmoxApi;

namespace ZlhPortal.Simulator.State;

/// <summary>The LXC lifecycle calls, with pre-fork checks answered synchronously and the rest inside tasks.</summary>
internal sealed partial class SimulatedCluster
{
    public async Task<PveReply> CloneAsync(string node, int vmid, string user, PveParameters p)
    {
        p.Allow("newid", "hostname", "description", "full", "storage", "target", "pool", "snapname", "bwlimit");
        var newId = (int?)p.Integer("newid", 100, 999_999_999, required: true);
        var hostname = p.String("hostname", pattern: DnsNamePattern().ToString());
        var description = p.String("description");
        var full = p.Boolean("full");
        var storage = p.String("storage");
        var target = p.String("target");
        var pool = p.String("pool");
        p.Number("bwlimit", 0, double.MaxValue);
        if (target is not null && !NodeExists(target))
        {
            p.Errors["target"] = $"no such cluster node '{target}'";
        }

        SimTask task;
        SimContainer source, clone;
        lock (Gate)
        {
            if (Find(node, vmid, out source) is { } missing)
            {
                return p.HasErrors ? PveReply.Invalid(p.Errors) : missing;
            }

            var linked = !(full ?? !source.Template);
            if (storage is not null && linked)
            {
                p.Errors["storage"] = "not allowed for linked clones";
            }

            if (p.HasErrors)
            {
                return PveReply.Invalid(p.Errors);
            }

            if (storage is not null && !Catalog.Storages.Any(s => s.Name == storage && s.Content.Contains("rootdir", StringComparison.Ordinal)))
            {
                return PveReply.Fail($"storage '{storage}' does not exist");
            }

            var targetNode = target ?? node;
            var sourceStorage = source.RootfsVolume.Split(':')[0];
            var cloneStorage = storage ?? sourceStorage;
            if (targetNode != node && !Catalog.Storages.Any(s => s.Name == cloneStorage && s.Shared))
            {
                return PveReply.Fail($"can't clone CT to node '{targetNode}' (CT uses local storage)");
            }

            if (source.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({source.Lock})");
            }

            if (State.Containers.TryGetValue(newId!.Value, out var existing))
            {
                return PveReply.Fail($"CT {newId} already exists on node '{existing.Node}'");
            }

            task = NewTask(node, "vzclone", vmid.ToString(CultureInfo.InvariantCulture), user,
                $"create {(linked ? "linked" : "full")} clone of mountpoint rootfs ({source.RootfsVolume})");
            source.Lock = "disk";
            source.LockOwner = task.Upid;
            clone = new SimContainer
            {
                Vmid = newId.Value,
                Node = node,
                Hostname = hostname ?? source.Hostname,
                Lock = "create",
                LockOwner = task.Upid,
                Cores = source.Cores,
                CpuLimit = source.CpuLimit,
                MemoryMb = source.MemoryMb,
                SwapMb = source.SwapMb,
                DiskGb = source.DiskGb,
                RootfsVolume = linked
                    ? $"{sourceStorage}:{source.RootfsVolume.Split(':')[1]}/vm-{newId}-disk-0"
                    : $"{cloneStorage}:vm-{newId}-disk-0",
                Net0 = System.Text.RegularExpressions.Regex.Replace(source.Net0, "hwaddr=[0-9A-F:]+", "hwaddr=" + MacFor(newId.Value)),
                Tags = source.Tags,
                Description = description ?? source.Description,
                OnBoot = source.OnBoot,
                Pool = pool,
                Profile = source.Profile,
                Kind = source.Kind,
                AgentAddress = AddressFor(State.NextAddressIndex++),
                CreatedAt = Now,
                Agent = new SimAgentState { Files = new Dictionary<string, SimFile>(source.Agent.Files) },
            };
            State.Containers[clone.Vmid] = clone;
            MarkDirty();
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                if (target is not null && target != node)
                {
                    task.Log.Add($"moving config to node '{target}'");
                }

                ReleaseLock(source, task.Upid);
                ReleaseLock(clone, task.Upid);
                clone.Node = target ?? node;
                clone.CreatedAt = Now;
                return null;
            },
            rollback: () =>
            {
                ReleaseLock(source, task.Upid);
                if (State.Containers.TryGetValue(clone.Vmid, out var current) && ReferenceEquals(current, clone))
                {
                    State.Containers.Remove(clone.Vmid);
                }
            });
    }

    private void ReleaseLock(SimContainer container, string owner)
    {
        if (container.LockOwner == owner)
        {
            container.Lock = null;
            container.LockOwner = null;
            MarkDirty();
        }
    }

    public async Task<PveReply> StartAsync(string node, int vmid, string user, PveParameters p)
    {
        p.Allow("skiplock", "debug");
        var skipLock = p.Boolean("skiplock");
        p.Boolean("debug");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        if (skipLock == true && user != "root@pam")
        {
            return PveReply.Forbidden("Permission check failed");
        }

        SimTask task;
        SimContainer c;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (c.IsRunning)
            {
                return PveReply.Fail($"CT {vmid} already running");
            }

            task = NewTask(node, "vzstart", vmid.ToString(CultureInfo.InvariantCulture), user);
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                if (c.Template)
                {
                    return "cannot start a CT template";
                }

                if (c.Lock is not null && skipLock != true)
                {
                    return $"CT is locked ({c.Lock})";
                }

                c.Status = "running";
                c.StartedAt = Now;
                MarkDirty();
                return null;
            },
            // If the agent cannot start (its address is taken by another simulator), the CT did not start either.
            rollback: () =>
            {
                c.Status = "stopped";
                c.StartedAt = null;
            },
            effects: () => Agents?.StartAsync(c.Vmid) ?? Task.CompletedTask);
    }

    public async Task<PveReply> StopAsync(string node, int vmid, string user, PveParameters p, string type)
    {
        switch (type)
        {
            case "vzstop":
                // PVE's status/stop has no timeout (a hard stop does not wait); only shutdown and reboot take one.
                p.Allow("skiplock", "overrule-shutdown");
                p.Boolean("skiplock");
                p.Boolean("overrule-shutdown");
                break;
            case "vzshutdown":
                p.Allow("timeout", "forceStop");
                p.Boolean("forceStop");
                break;
            default:
                p.Allow("timeout");
                break;
        }

        p.Integer("timeout", 0);
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (!c.IsRunning)
            {
                // pve-container really says "VM" for reboot.
                return PveReply.Fail(type == "vzreboot" ? $"VM {vmid} not running" : $"CT {vmid} not running");
            }

            task = NewTask(node, type, vmid.ToString(CultureInfo.InvariantCulture), user);
        }

        var reboot = type == "vzreboot";
        return await RunTaskAsync(task,
            complete: () =>
            {
                if (c.Lock is not null)
                {
                    return $"CT is locked ({c.Lock})";
                }

                c.Status = reboot ? "running" : "stopped";
                c.StartedAt = reboot ? Now : null;
                MarkDirty();
                return null;
            },
            effects: async () =>
            {
                if (Agents is not null)
                {
                    await Agents.StopAsync(c.Vmid);
                    if (reboot)
                    {
                        await Agents.StartAsync(c.Vmid);
                    }
                }
            });
    }

    public async Task<PveReply> DeleteAsync(string node, int vmid, string user, PveParameters p)
    {
        // pve-container's destroy_vm takes no skiplock (unlike qemu's): anything else is "not defined in schema".
        p.Allow("purge", "destroy-unreferenced-disks", "force");
        p.Boolean("purge");
        p.Boolean("destroy-unreferenced-disks");
        var force = p.Boolean("force") ?? false;

        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        bool wasRunning;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            if (c.IsRunning && !force)
            {
                return PveReply.Fail($"unable to destroy CT {vmid} - container is running");
            }

            wasRunning = c.IsRunning;
            task = NewTask(node, "vzdestroy", vmid.ToString(CultureInfo.InvariantCulture), user);
            if (wasRunning)
            {
                task.Log.Add($"stopping CT {vmid} before destroying it");
            }

            c.Lock = "destroyed";
            c.LockOwner = task.Upid;
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                task.Log.Add($"Removing image: {c.RootfsVolume}");
                c.Status = "stopped";
                // The config goes last, so the vmid is free the moment the task ends.
                State.Containers.Remove(c.Vmid);
                MarkDirty();
                return null;
            },
            rollback: () => ReleaseLock(c, task.Upid),
            effects: () => Agents?.StopAsync(c.Vmid) ?? Task.CompletedTask);
    }

    public PveReply SetConfig(string node, int vmid, PveParameters p)
    {
        p.Allow("cores", "memory", "swap", "cpulimit", "hostname", "description", "tags", "onboot", "net[n]", "delete", "digest",
            "nameserver", "searchdomain", "startup", "protection", "unprivileged", "features");
        var cores = (int?)p.Integer("cores", 1, 8192);
        var memory = (int?)p.Integer("memory", 16);
        var swap = (int?)p.Integer("swap", 0);
        var cpuLimit = p.Number("cpulimit", 0, 8192);
        var hostname = p.String("hostname", pattern: DnsNamePattern().ToString());
        var description = p.String("description", maxLength: 8192);
        var tags = p.String("tags", pattern: @"^[a-z0-9_][a-z0-9_\-+.]*([;, ]+[a-z0-9_][a-z0-9_\-+.]*)*$");
        var onBoot = p.Boolean("onboot");
        var net0 = p.String("net0", pattern: @"^(name=[^,]+)(,[a-z0-9_]+=[^,]*)*$");
        var delete = p.String("delete")?.Split(',', ';', ' ').Where(s => s.Length > 0).ToList() ?? [];
        var digest = p.String("digest", pattern: "^[a-f0-9]{40}$");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        if (p.Has("unprivileged"))
        {
            return PveReply.Fail("unable to modify read-only option: 'unprivileged'");
        }

        lock (Gate)
        {
            if (Find(node, vmid, out var c) is { } missing)
            {
                return missing;
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            if (digest is not null && digest != DigestOf(c))
            {
                return PveReply.Fail("detected modified configuration - file changed by other user? Try again.");
            }

            c.Cores = cores ?? c.Cores;
            c.MemoryMb = memory ?? c.MemoryMb;
            c.SwapMb = swap ?? c.SwapMb;
            c.CpuLimit = cpuLimit ?? c.CpuLimit;
            c.Hostname = hostname ?? c.Hostname;
            c.Description = description ?? c.Description;
            c.Tags = tags is null ? c.Tags : string.Join(';', tags.Split(';', ',', ' ').Where(t => t.Length > 0));
            c.OnBoot = onBoot ?? c.OnBoot;
            if (net0 is not null)
            {
                // Proxmox generates a MAC when none is given and always stores the interface type.
                var value = net0.Contains("hwaddr=", StringComparison.Ordinal) ? net0 : net0 + ",hwaddr=" + MacFor(c.Vmid);
                c.Net0 = value.Contains("type=", StringComparison.Ordinal) ? value : value + ",type=veth";
            }

            foreach (var option in delete)
            {
                switch (option)
                {
                    case "tags": c.Tags = null; break;
                    case "description": c.Description = null; break;
                    case "onboot": c.OnBoot = false; break;
                    case "cpulimit": c.CpuLimit = 0; break;
                }
            }

            c.ConfigVersion++;
            MarkDirty();
            return PveReply.Ok(null);
        }
    }

    public async Task<PveReply> ResizeAsync(string node, int vmid, string user, PveParameters p)
    {
        p.Allow("disk", "size", "digest");
        var disk = p.Enum("disk", "rootfs", "mp0", "mp1", "mp2", "mp3");
        var size = p.String("size", required: true, pattern: SizePattern().ToString());
        p.String("disk", required: true);
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        double newSize;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (disk != "rootfs")
            {
                return PveReply.Fail($"unable to parse mount point '{disk}'");
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            var match = SizePattern().Match(size!);
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * match.Groups[2].Value switch
            {
                "K" => 1.0 / 1024 / 1024,
                "M" => 1.0 / 1024,
                "T" => 1024,
                "G" => 1,
                _ => 1.0 / 1024 / 1024 / 1024,
            };
            newSize = size!.StartsWith('+') ? c.DiskGb + amount : amount;
            if (newSize < c.DiskGb)
            {
                return PveReply.Fail("unable to shrink disk size");
            }

            if (Math.Abs(newSize - c.DiskGb) < 1e-9)
            {
                return PveReply.Fail("disk is already at specified size");
            }

            task = NewTask(node, "resize", vmid.ToString(CultureInfo.InvariantCulture), user,
                $"Size of logical volume changed from {FormatSize(c.DiskGb)} to {FormatSize(newSize)}");
        }

        return await RunTaskAsync(task, () =>
        {
            c.DiskGb = newSize;
            c.ConfigVersion++;
            MarkDirty();
            return null;
        });
    }

    /// <summary>
    /// <c>POST …/migrate</c> as pve-container does it for a stopped CT (offline): checks before the fork (target not the
    /// local node and in the cluster, a running CT needs <c>restart</c> or <c>online</c>, no lock), then a
    /// <c>vzmigrate</c> task holding the <c>migrate</c> lock moves the CT's config to the target node.
    /// </summary>
    public async Task<PveReply> MigrateAsync(string node, int vmid, string user, PveParameters p)
    {
        p.Allow("target", "online", "restart", "timeout", "force", "bwlimit", "target-storage");
        var target = p.String("target", required: true);
        var online = p.Boolean("online");
        var restart = p.Boolean("restart");
        p.Integer("timeout");
        p.Boolean("force");
        p.Integer("bwlimit");
        p.String("target-storage");
        if (target is not null && target == node)
        {
            p.Errors["target"] = "target is local node.";
        }

        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (!NodeExists(target!))
            {
                return PveReply.Fail($"no such cluster node '{target}'");
            }

            if (IsNodeOffline(target!))
            {
                return PveReply.Fail($"target node '{target}' is not online");
            }

            if (c.IsRunning)
            {
                if (online == true)
                {
                    return PveReply.Fail("lxc live migration is currently not implemented");
                }

                if (restart != true)
                {
                    return PveReply.Fail("can't migrate running container without --online or --restart");
                }

                // Restart mode (stop, move, start) is not simulated: nothing here asks for it.
                return PveReply.Fail("restart migration is not simulated");
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            task = NewTask(node, "vzmigrate", vmid.ToString(CultureInfo.InvariantCulture), user,
                $"starting migration of CT {vmid} to node '{target}'");
            c.Lock = "migrate";
            c.LockOwner = task.Upid;
            MarkDirty();
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                c.Lock = null;
                c.LockOwner = null;
                c.Node = target!;
                c.ConfigVersion++;
                MarkDirty();
                return null;
            },
            rollback: () =>
            {
                c.Lock = null;
                c.LockOwner = null;
            });
    }

    public async Task<PveReply> SnapshotAsync(string node, int vmid, string user, PveParameters p)
    {
        p.Allow("snapname", "description");
        var name = p.String("snapname", required: true, pattern: SnapshotNamePattern().ToString(), maxLength: 40);
        var description = p.String("description");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (c.Snapshots.Any(s => s.Name == name))
            {
                return PveReply.Fail($"snapshot name '{name}' already used");
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            task = NewTask(node, "vzsnapshot", vmid.ToString(CultureInfo.InvariantCulture), user);
            c.Lock = "snapshot";
            c.LockOwner = task.Upid;
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                c.Snapshots.Add(new SimSnapshot
                {
                    Name = name!,
                    Description = description,
                    SnapTime = Now.ToUnixTimeSeconds(),
                    Parent = c.Snapshots.LastOrDefault()?.Name,
                    Cores = c.Cores,
                    MemoryMb = c.MemoryMb,
                    Files = new Dictionary<string, SimFile>(c.Agent.Files),
                });
                ReleaseLock(c, task.Upid);
                return null;
            },
            rollback: () => ReleaseLock(c, task.Upid));
    }

    public async Task<PveReply> RollbackAsync(string node, int vmid, string snapshot, string user, PveParameters p)
    {
        p.Allow("start");
        var start = p.Boolean("start") ?? false;
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        SimSnapshot snap;
        bool wasRunning;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            var found = c.Snapshots.FirstOrDefault(s => s.Name == snapshot);
            if (found is null)
            {
                return PveReply.Fail($"snapshot '{snapshot}' does not exist");
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            snap = found;
            wasRunning = c.IsRunning;
            task = NewTask(node, "vzrollback", vmid.ToString(CultureInfo.InvariantCulture), user);
            c.Lock = "rollback";
            c.LockOwner = task.Upid;
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                c.Cores = snap.Cores;
                c.MemoryMb = snap.MemoryMb;
                c.Agent.Files = new Dictionary<string, SimFile>(snap.Files);
                c.Status = start ? "running" : "stopped";
                c.StartedAt = start ? Now : null;
                c.ConfigVersion++;
                ReleaseLock(c, task.Upid);
                return null;
            },
            rollback: () => ReleaseLock(c, task.Upid),
            effects: async () =>
            {
                if (Agents is not null)
                {
                    if (wasRunning)
                    {
                        await Agents.StopAsync(c.Vmid);
                    }

                    if (start)
                    {
                        await Agents.StartAsync(c.Vmid);
                    }
                }
            });
    }

    public async Task<PveReply> DeleteSnapshotAsync(string node, int vmid, string snapshot, string user, PveParameters p)
    {
        p.Allow("force");
        p.Boolean("force");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        lock (Gate)
        {
            if (Find(node, vmid, out c) is { } missing)
            {
                return missing;
            }

            if (c.Snapshots.All(s => s.Name != snapshot))
            {
                return PveReply.Fail($"snapshot '{snapshot}' does not exist");
            }

            if (c.Lock is not null)
            {
                return PveReply.Fail($"CT is locked ({c.Lock})");
            }

            task = NewTask(node, "vzdelsnapshot", vmid.ToString(CultureInfo.InvariantCulture), user);
            c.Lock = "snapshot-delete";
            c.LockOwner = task.Upid;
        }

        return await RunTaskAsync(task,
            complete: () =>
            {
                c.Snapshots.RemoveAll(s => s.Name == snapshot);
                ReleaseLock(c, task.Upid);
                return null;
            },
            rollback: () => ReleaseLock(c, task.Upid));
    }
}
