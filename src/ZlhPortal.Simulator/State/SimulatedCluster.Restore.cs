using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ZlhPortal.Simulator.ProxmoxApi;

namespace ZlhPortal.Simulator.State;

/// <summary><c>POST /nodes/{node}/lxc</c> with <c>restore=1</c>: pve-container's <c>create_vm</c> restoring a backup.</summary>
internal sealed partial class SimulatedCluster
{
    public async Task<PveReply> CreateContainerAsync(string node, string user, PveParameters p, string path)
    {
        if (p.Values.GetValueOrDefault("restore") != "1")
        {
            // Creating from an OS template is not simulated; the portal clones its templates instead.
            return new PveReply(501, $"Method 'POST {path}' not implemented", null);
        }

        p.Allow("vmid", "ostemplate", "restore", "force", "storage", "unique", "start", "hostname", "description", "pool", "bwlimit",
            "cores", "memory", "swap", "onboot", "tags", "ignore-unpack-errors", "unprivileged");
        var vmid = (int?)p.Integer("vmid", 100, 999_999_999, required: true);
        var archive = p.String("ostemplate", required: true, maxLength: 255);
        p.Boolean("restore");
        var force = p.Boolean("force") ?? false;
        var storage = p.String("storage") ?? "local";
        var unique = p.Boolean("unique") ?? false;
        var start = p.Boolean("start") ?? false;
        var hostname = p.String("hostname", pattern: DnsNamePattern().ToString(), maxLength: 255);
        var description = p.String("description", maxLength: 8192);
        var pool = p.String("pool");
        p.Number("bwlimit", 0, double.MaxValue);
        var cores = (int?)p.Integer("cores", 1, 8192);
        var memory = (int?)p.Integer("memory", 16);
        var swap = (int?)p.Integer("swap", 0);
        var onBoot = p.Boolean("onboot");
        var tags = p.String("tags", pattern: @"^[a-z0-9_][a-z0-9_\-+.]*([;, ][a-z0-9_][a-z0-9_\-+.]*)*$");
        p.Boolean("ignore-unpack-errors");
        p.Boolean("unprivileged");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        SimContainer c;
        BackupVolume source;
        bool existed;
        lock (Gate)
        {
            existed = State.Containers.TryGetValue(vmid!.Value, out var existing) && existing.Node == node;
            if (existing is not null && !(existed && force))
            {
                return PveReply.Fail($"CT {vmid} already exists on node '{existing.Node}'");
            }

            if (existed && existing!.IsRunning)
            {
                return PveReply.Fail("can't overwrite running container");
            }

            if (!archive!.Contains(':', StringComparison.Ordinal) && user != "root@pam")
            {
                return PveReply.Fail("Only root can pass arbitrary filesystem paths.");
            }

            if (archive.Contains(':', StringComparison.Ordinal))
            {
                if (ResolveVolume("", archive, out source) is { } refused)
                {
                    // Container disks are images, not backups.
                    return refused.Status == 501 ? PveReply.Fail($"unable to use volume {archive} - content type needs to be 'backup'") : refused;
                }

                if (!source.IsBackup)
                {
                    return PveReply.Fail($"unable to use volume {archive} - content type needs to be 'backup'");
                }
            }
            else
            {
                source = new BackupVolume(archive, archive, Catalog.Storages[0], null, null);
            }

            var target = Catalog.Storages.FirstOrDefault(s => s.Name == storage);
            if (target is null)
            {
                return PveReply.Fail($"storage '{storage}' does not exist");
            }

            if (!target.Content.Contains("rootdir", StringComparison.Ordinal))
            {
                return PveReply.Invalid("storage", $"storage '{storage}' does not support container directories");
            }

            if (existed && existing!.Lock is not null)
            {
                return PveReply.Fail($"unable to restore CT {vmid} - CT is locked ({existing.Lock})");
            }

            task = NewTask(node, "vzrestore", vmid.Value.ToString(CultureInfo.InvariantCulture), user);
            if (existed)
            {
                c = existing!;
            }
            else
            {
                // The config exists from here on with nothing but the lock, so the vmid is taken while the task runs.
                c = new SimContainer
                {
                    Vmid = vmid.Value,
                    Node = node,
                    Hostname = $"CT{vmid}",
                    AgentAddress = AddressFor(State.NextAddressIndex++),
                    CreatedAt = Now,
                };
                State.Containers[c.Vmid] = c;
            }

            c.Lock = "create";
            c.LockOwner = task.Upid;
            MarkDirty();
        }

        var overrides = new RestoreOverrides(hostname, description, pool, cores, memory, swap, onBoot, tags, unique, start);
        return await RunTaskAsync(task,
            complete: () => Restore(task, c, source, target: storage, overrides),
            rollback: () =>
            {
                if (State.Containers.GetValueOrDefault(c.Vmid) is not { } current || !ReferenceEquals(current, c))
                {
                    return;
                }

                // An archive that cannot be read fails before any disk is touched: an existing container only loses the lock.
                // Past that point the old volumes are gone, and pve-container removes the config too.
                if (existed && State.Backups.FirstOrDefault(b => b.VolId == source.VolId)?.Guest is null)
                {
                    ReleaseLock(c, task.Upid);
                }
                else
                {
                    State.Containers.Remove(c.Vmid);
                    MarkDirty();
                }
            },
            effects: () => start ? Agents?.StartAsync(c.Vmid) ?? Task.CompletedTask : Task.CompletedTask);
    }

    private sealed record RestoreOverrides(
        string? Hostname, string? Description, string? Pool, int? Cores, int? Memory, int? Swap, bool? OnBoot, string? Tags, bool Unique, bool Start);

    /// <summary>The worker's part: read the archive's config, replace the disks, merge configs. Returns an error to fail the task.</summary>
    private string? Restore(SimTask task, SimContainer c, BackupVolume source, string target, RestoreOverrides given)
    {
        var failure = $"unable to restore CT {c.Vmid} - ";
        task.Log.Add($"recovering backed-up configuration from '{source.VolId}'");
        var backup = State.Backups.FirstOrDefault(b => b.VolId == source.VolId);
        if (backup is null)
        {
            return failure + (source.IsPbs ? source.PbsMissing : $"can't find file '{source.VolId}'");
        }

        if (backup.Guest is not { } guest)
        {
            return failure + "rootfs configuration could not be recovered, please check and specify manually!";
        }

        // The new disk is allocated while the old one still exists, so it takes the next free name.
        var oldVolume = c.RootfsVolume;
        var disk = oldVolume.EndsWith($"vm-{c.Vmid}-disk-0", StringComparison.Ordinal) ? 1 : 0;
        var volume = $"{target}:vm-{c.Vmid}-disk-{disk}";
        var storageType = Catalog.Storages.First(s => s.Name == target).Type;
        if (storageType == "lvmthin")
        {
            task.Log.Add($"  Logical volume \"vm-{c.Vmid}-disk-{disk}\" created.");
        }

        var blocks = (long)(guest.DiskGb * GiB / 4096);
        task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"Creating filesystem with {blocks} 4k blocks and {blocks / 4} inodes"));
        if (oldVolume.Split(':') is [var oldStorage, var oldName])
        {
            task.Log.Add(Catalog.Storages.FirstOrDefault(s => s.Name == oldStorage)?.Type == "lvmthin"
                ? $"  Logical volume \"{oldName}\" successfully removed."
                : "Removing image: 100% complete...done.");
        }

        task.Log.Add($"restoring '{source.VolId}' now..");
        task.Log.Add("merging backed-up and given configuration..");

        c.Hostname = given.Hostname ?? guest.Hostname;
        c.Template = guest.Template;
        c.Cores = given.Cores ?? guest.Cores;
        c.CpuLimit = guest.CpuLimit;
        c.MemoryMb = given.Memory ?? guest.MemoryMb;
        c.SwapMb = given.Swap ?? guest.SwapMb;
        c.DiskGb = guest.DiskGb;
        c.RootfsVolume = volume;
        c.Net0 = given.Unique ? Regex.Replace(guest.Net0, "hwaddr=[0-9A-Fa-f:]+", "hwaddr=" + RandomMac()) : guest.Net0;
        c.Tags = given.Tags is null ? guest.Tags : string.Join(';', given.Tags.Split(';', ',', ' ').Where(t => t.Length > 0));
        c.Description = given.Description ?? guest.Description;
        c.OnBoot = given.OnBoot ?? guest.OnBoot;
        c.Pool = given.Pool ?? c.Pool;
        c.Profile = guest.Profile;
        c.Kind = guest.Kind;
        c.Agent = SimBackupGuest.CopyOf(guest.Agent);
        c.Snapshots = [];
        c.Status = given.Start && !guest.Template ? "running" : "stopped";
        c.StartedAt = c.IsRunning ? Now : null;
        c.ConfigVersion++;
        ReleaseLock(c, task.Upid);
        MarkDirty();
        return null;
    }

    /// <summary>What <c>unique=1</c> gives each interface: a random address in Proxmox's own prefix.</summary>
    private static string RandomMac()
    {
        var bytes = RandomNumberGenerator.GetBytes(3);
        return string.Create(CultureInfo.InvariantCulture, $"BC:24:11:{bytes[0]:X2}:{bytes[1]:X2}:{bytes[2]:X2}");
    }
}
