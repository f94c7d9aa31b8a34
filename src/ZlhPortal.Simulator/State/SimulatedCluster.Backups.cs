using System.Globalization;
using System.Text.RegularExpressions;
using ZlhPortal.Simulator.ProxmoxApi;

namespace ZlhPortal.Simulator.State;

/// <summary>
/// Backups (<c>vzdump</c> to a directory or to Proxmox Backup Server), the backup volumes of a storage, and restoring a
/// container from one: pve-manager's VZDump.pm, pve-storage's Content.pm and pve-container's <c>create_vm</c>.
/// </summary>
internal sealed partial class SimulatedCluster
{
    private const double GiB = 1L << 30;

    public async Task<PveReply> VzdumpAsync(string node, string user, PveParameters p)
    {
        p.Allow("vmid", "storage", "mode", "compress", "notes-template", "protected", "remove", "bwlimit", "prune-backups");
        var vmids = p.String("vmid", required: true, pattern: @"^\d{3,9}([,; ]\d{3,9})*$");
        var storageGiven = p.String("storage");
        var storage = storageGiven ?? "local";
        var mode = p.Enum("mode", "snapshot", "suspend", "stop") ?? "snapshot";
        var compress = p.Enum("compress", "0", "1", "gzip", "lzo", "zstd") ?? "0";
        var notes = p.String("notes-template", maxLength: 1024);
        var protect = p.Boolean("protected") ?? false;
        p.Boolean("remove");
        p.Integer("bwlimit", 0);
        foreach (var dependent in new[] { "notes-template", "protected" })
        {
            if (p.Has(dependent) && storageGiven is null)
            {
                p.Errors["storage"] = $"missing property required by '{dependent}'";
            }
        }

        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        if (!NodeExists(node))
        {
            return UnknownNode(node);
        }

        var definition = Catalog.Storages.FirstOrDefault(s => s.Name == storage && s.Content.Contains("backup", StringComparison.Ordinal));
        if (definition is null)
        {
            return PveReply.Fail($"storage '{storage}' does not exist or does not support backups");
        }

        SimTask task;
        List<SimContainer> guests;
        lock (Gate)
        {
            guests = vmids!.Split(',', ';', ' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture))
                .Where(v => State.Containers.TryGetValue(v, out var c) && c.Node == node)
                .Select(v => State.Containers[v]).ToList();
            if (guests.Count == 0)
            {
                // The real API quietly does nothing when the guest lives on another node.
                return PveReply.Ok("OK");
            }

            task = NewTask(node, "vzdump", guests.Count == 1 ? guests[0].Vmid.ToString(CultureInfo.InvariantCulture) : "", user,
                "INFO: starting new backup job: " + VzdumpCommandLine(node, p));
            foreach (var g in guests.Where(g => g.Lock is null))
            {
                g.Lock = "backup";
                g.LockOwner = task.Upid;
            }
        }

        var job = new BackupJob(node, definition, mode, compress, notes, protect);
        return await RunTaskAsync(task,
            complete: () =>
            {
                var failed = guests.Count(g => !BackUp(task, g, job));
                task.Log.Add(failed == 0 ? "INFO: Backup job finished successfully" : "INFO: Backup job finished with errors");
                MarkDirty();
                return failed == 0 ? null : "job errors";
            },
            rollback: () => guests.ForEach(g => ReleaseLock(g, task.Upid)));
    }

    private sealed record BackupJob(string Node, Catalog.StorageDefinition Storage, string Mode, string Compress, string? Notes, bool Protect);

    /// <summary>One guest of a vzdump job, logged as VZDump.pm logs it; false when it failed (the job goes on with the next).</summary>
    private bool BackUp(SimTask task, SimContainer g, BackupJob job)
    {
        // The archive is named after the moment its guest's backup began, which is when the task started here.
        var started = DateTimeOffset.FromUnixTimeSeconds(task.StartTime);
        task.Log.Add($"INFO: Starting Backup of VM {g.Vmid} (lxc)");
        task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Backup started at {started:yyyy-MM-dd HH:mm:ss}"));
        task.Log.Add($"INFO: status = {(g.IsRunning ? "running" : "stopped")}");
        if (g.LockOwner != task.Upid)
        {
            return Failed($"CT is locked ({g.Lock})");
        }

        var mode = g.IsRunning ? job.Mode : "stop";
        task.Log.Add($"INFO: CT Name: {g.Hostname}");
        task.Log.Add("INFO: including mount point rootfs ('/') in backup");
        task.Log.Add($"INFO: backup mode: {mode}");
        task.Log.Add("INFO: ionice priority: 7");
        if (mode == "snapshot")
        {
            task.Log.Add("INFO: create storage snapshot 'vzdump'");
        }

        var size = DiskUsed(g);
        SimBackup backup;
        if (job.Storage.Type == "pbs")
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"ct/{g.Vmid}/{started.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
            task.Log.Add($"INFO: creating Proxmox Backup Server archive '{name}'");
            if (InjectedBackupFailure(g.Vmid) is { } injected)
            {
                return Failed(injected);
            }

            // PBS refuses a snapshot that is not newer than the group's last one (two backups of a guest within a second).
            if (State.Backups.Any(b => b.Storage == job.Storage.Name && b.Vmid == g.Vmid && b.CTime >= started.ToUnixTimeSeconds()))
            {
                return Failed("proxmox-backup-client failed: Error: backup timestamp is older than last backup.");
            }

            var elapsed = (Now - started).TotalSeconds;
            task.Log.Add($"INFO: Starting backup: {name}");
            task.Log.Add($"INFO: Client name: {job.Node}");
            task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Starting backup protocol: {started:ddd MMM d HH:mm:ss yyyy}"));
            task.Log.Add("INFO: Upload config file '/var/tmp/vzdumptmp/etc/vzdump/pct.conf' as pct.conf.blob");
            task.Log.Add("INFO: Upload directory '/mnt/vzsnap0' as root.pxar.didx");
            task.Log.Add(string.Create(CultureInfo.InvariantCulture,
                $"INFO: root.pxar: had to backup {size * 0.3 / GiB:0.000} GiB of {size / GiB:0.000} GiB (compressed {size * 0.12 / GiB:0.000} GiB) in {elapsed:0.00}s"));
            task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Duration: {elapsed:0.00}s"));
            backup = new SimBackup
            {
                VolId = $"{job.Storage.Name}:backup/{name}",
                Format = "pbs-ct",
                Size = size,
            };
        }
        else
        {
            var extension = job.Compress switch { "gzip" => ".tar.gz", "lzo" => ".tar.lzo", "zstd" or "1" => ".tar.zst", _ => ".tar" };
            var file = string.Create(CultureInfo.InvariantCulture, $"vzdump-lxc-{g.Vmid}-{started.UtcDateTime:yyyy_MM_dd-HH_mm_ss}{extension}");
            task.Log.Add($"INFO: creating vzdump archive '/var/lib/vz/dump/{file}'");
            if (InjectedBackupFailure(g.Vmid) is { } injected)
            {
                return Failed(injected);
            }

            task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Total bytes written: {size} ({size / GiB:0.00}GiB)"));
            backup = new SimBackup
            {
                VolId = $"{job.Storage.Name}:backup/{file}",
                Format = extension.TrimStart('.'),
                Size = (long)(size * 0.4),
            };
        }

        if (mode == "snapshot")
        {
            task.Log.Add("INFO: cleanup temporary 'vzdump' snapshot");
        }

        backup.Node = job.Node;
        backup.Storage = job.Storage.Name;
        backup.Vmid = g.Vmid;
        backup.CTime = started.ToUnixTimeSeconds();
        backup.Guest = SimBackupGuest.Of(g);
        if (job.Notes is not null)
        {
            task.Log.Add("INFO: adding notes to backup");
            backup.Notes = job.Notes.Replace("{{guestname}}", g.Hostname, StringComparison.Ordinal)
                .Replace("{{vmid}}", g.Vmid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{{node}}", job.Node, StringComparison.Ordinal);
        }

        if (job.Protect)
        {
            task.Log.Add("INFO: marking backup as protected");
            backup.Protected = true;
        }

        // A second archive of the same name (a directory backup within the same second) overwrites the first.
        State.Backups.RemoveAll(b => b.VolId == backup.VolId);
        State.Backups.Add(backup);
        ReleaseLock(g, task.Upid);
        task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Finished Backup of VM {g.Vmid} ({Now - started:hh\\:mm\\:ss})"));
        task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Backup finished at {Now:yyyy-MM-dd HH:mm:ss}"));
        return true;

        bool Failed(string error)
        {
            task.Log.Add($"ERROR: Backup of VM {g.Vmid} failed - {error}");
            task.Log.Add(string.Create(CultureInfo.InvariantCulture, $"INFO: Failed at {Now:yyyy-MM-dd HH:mm:ss}"));
            ReleaseLock(g, task.Upid);
            return false;
        }
    }

    private string? InjectedBackupFailure(int vmid)
    {
        var rule = Faults.BackupFailures.FirstOrDefault(r => r.Vmid == vmid);
        if (rule is null)
        {
            return null;
        }

        if (rule.Count > 0 && --rule.Count == 0)
        {
            Faults.BackupFailures.Remove(rule);
        }

        return rule.Error;
    }

    /// <summary>The job's command line as VZDump.pm logs it: the guests, then every option (the node included).</summary>
    private static string VzdumpCommandLine(string node, PveParameters p)
    {
        var options = p.Values.Where(kv => kv.Key != "vmid").Append(new KeyValuePair<string, string>("node", node))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"--{kv.Key} {(Regex.IsMatch(kv.Value, "^[A-Za-z0-9_.,:/=+-]+$") ? kv.Value : "'" + kv.Value.Replace("'", "'\\''", StringComparison.Ordinal) + "'")}");
        return string.Join(' ', new[] { "vzdump", string.Join(' ', p.Values["vmid"].Split(',', ';', ' ')) }.Concat(options));
    }

    // ---- backup volumes (/nodes/{node}/storage/{storage}/content/{volume}) ------------------------------------------

    /// <summary>A volume of a storage, resolved as pve-storage does (a volid, or a name within the storage of the path).</summary>
    private sealed record BackupVolume(string VolId, string VolName, Catalog.StorageDefinition Storage, int? Owner, SimBackup? Backup)
    {
        public bool IsPbs => Storage.Type == "pbs";

        public bool IsBackup => IsPbs || VolName.StartsWith("backup/", StringComparison.Ordinal);

        /// <summary>The backup's name on the backup server (<c>ct/1000/2026-…Z</c>) or its file in the dump directory.</summary>
        public string Name => IsPbs ? VolName["backup/".Length..] : VolName[(VolName.IndexOf('/', StringComparison.Ordinal) + 1)..];

        public string Path => IsPbs
            ? $"pbs://root@pam@pbs.zlh.test:zlh/{Name}"
            : (IsBackup ? "/var/lib/vz/dump/" : "/var/lib/vz/template/cache/") + Name;

        /// <summary>What proxmox-backup-client says of a snapshot the datastore does not have.</summary>
        public string PbsMissing =>
            $"proxmox-backup-client failed: Error: unable to load blob '\"{Catalog.PbsDatastorePath}/{Name}/index.json.blob\"' - No such file or directory (os error 2)";
    }

    /// <summary>Call under the gate.</summary>
    private PveReply? ResolveVolume(string storage, string volume, out BackupVolume resolved)
    {
        resolved = null!;
        volume = Uri.UnescapeDataString(volume);
        string volid;
        if (volume.Contains(':', StringComparison.Ordinal))
        {
            // Any colon makes it a volid, so a PBS name (its time has colons) needs its storage prefix.
            var parsed = Regex.Match(volume, @"^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$", RegexOptions.Singleline);
            if (!parsed.Success)
            {
                return PveReply.Invalid("volume", $"unable to parse volume ID '{volume}'");
            }

            var sid = parsed.Groups[1].Value;
            if (storage.Length > 0 && sid != storage)
            {
                return PveReply.Invalid("volume", $"storage ID mismatch ({sid} != {storage})");
            }

            volid = volume;
            storage = sid;
        }
        else
        {
            volid = $"{storage}:{volume}";
        }

        var definition = Catalog.Storages.FirstOrDefault(s => s.Name == storage);
        if (definition is null)
        {
            return PveReply.Fail($"storage '{storage}' does not exist");
        }

        var volname = volid[(storage.Length + 1)..];
        int? owner;
        switch (definition.Type)
        {
            case "pbs":
                var pbs = Regex.Match(volname, @"^backup/([^\s_]+)/([^\s_]+)/(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$");
                if (!pbs.Success)
                {
                    return PveReply.Fail($"unable to parse PBS volume name '{volname}'");
                }

                owner = int.TryParse(pbs.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
                break;
            case "dir":
                var dump = Regex.Match(volname, @"^backup/vzdump-(?:lxc|qemu|openvz)-(\d+)-");
                if (!dump.Success && !Regex.IsMatch(volname, "^(backup|vztmpl)/[^/]+$"))
                {
                    return PveReply.Fail($"unable to parse directory volume name '{volname}'");
                }

                owner = dump.Success ? int.Parse(dump.Groups[1].Value, CultureInfo.InvariantCulture) : null;
                break;
            default:
                // Container disks on lvmthin and rbd are managed through their container, never through this API here.
                return new PveReply(501, $"volumes of {definition.Type} storage are not implemented by the simulator", null);
        }

        resolved = new BackupVolume(volid, volname, definition, owner, State.Backups.FirstOrDefault(b => b.VolId == volid));
        return null;
    }

    public PveReply VolumeInfo(string storage, string volume, PveParameters p)
    {
        p.Allow();
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        lock (Gate)
        {
            if (ResolveVolume(storage, volume, out var v) is { } refused)
            {
                return refused;
            }

            if (!v.IsBackup)
            {
                var template = Catalog.OsTemplates.FirstOrDefault(t => "vztmpl/" + t.File == v.VolName);
                return template.File is null
                    ? PveReply.Fail($"volume_size_info on '{v.VolId}' failed - no format")
                    : PveReply.Ok(new Dictionary<string, object> { ["path"] = v.Path, ["size"] = template.Size, ["used"] = template.Size, ["format"] = "tzst" });
            }

            if (v.Backup is not { } b)
            {
                return PveReply.Fail(v.IsPbs ? v.PbsMissing : $"volume_size_info on '{v.VolId}' failed - no format");
            }

            var info = new Dictionary<string, object>
            {
                ["path"] = v.Path,
                ["size"] = b.Size,
                ["used"] = b.Size,
                ["format"] = b.Format,
                // The PBS plugin passes on the backup server's JSON boolean; a directory storage answers 1 or 0.
                ["protected"] = v.IsPbs ? b.Protected : b.Protected ? 1 : 0,
            };
            if (b.Notes is not null)
            {
                info["notes"] = b.Notes;
            }

            return PveReply.Ok(info);
        }
    }

    public PveReply UpdateVolume(string storage, string volume, PveParameters p)
    {
        p.Allow("notes", "protected");
        var notes = p.String("notes");
        var protect = p.Boolean("protected");
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        lock (Gate)
        {
            if (ResolveVolume(storage, volume, out var v) is { } refused)
            {
                return refused;
            }

            if (!v.IsBackup)
            {
                return PveReply.Fail(notes is not null ? "only backups can have notes" : "only backups support attribute 'protected'");
            }

            if (v.Backup is not { } b)
            {
                // A directory storage writes the notes or protection file beside an archive that is not there; nothing lists it.
                return v.IsPbs && (notes is not null || protect is not null) ? PveReply.Fail(v.PbsMissing) : PveReply.Ok(null);
            }

            if (notes is not null)
            {
                b.Notes = notes.Length == 0 ? null : notes;
            }

            b.Protected = protect ?? b.Protected;
            MarkDirty();
            return PveReply.Ok(null);
        }
    }

    public async Task<PveReply> DeleteVolumeAsync(string node, string storage, string volume, string user, PveParameters p)
    {
        p.Allow("delay");
        var delay = p.Integer("delay", 1, 30);
        if (p.HasErrors)
        {
            return PveReply.Invalid(p.Errors);
        }

        SimTask task;
        BackupVolume v;
        lock (Gate)
        {
            if (ResolveVolume(storage, volume, out v) is { } refused)
            {
                return refused;
            }

            if (!v.IsBackup)
            {
                return new PveReply(501, "removing templates is not implemented by the simulator", null);
            }

            task = NewTask(node, "imgdel", (v.Owner is { } owner ? owner.ToString(CultureInfo.InvariantCulture) + "@" : "") + v.Storage.Name, user);
        }

        var reply = await RunTaskAsync(task,
            complete: () =>
            {
                var backup = State.Backups.FirstOrDefault(b => b.VolId == v.VolId);
                if (backup is null)
                {
                    if (v.IsPbs)
                    {
                        return v.PbsMissing;
                    }

                    task.Log.Add($"disk image '{v.Path}' does not exist");
                }
                else if (backup.Protected)
                {
                    return v.IsPbs ? "proxmox-backup-client failed: Error: cannot remove protected snapshot" : $"cannot remove protected volume '{v.VolName}' on '{v.Storage.Name}'";
                }
                else
                {
                    State.Backups.Remove(backup);
                    MarkDirty();
                }

                task.Log.Add($"Removed volume '{v.VolId}'");
                return null;
            },
            wait: TimeSpan.FromSeconds(delay ?? 0));
        if (delay is null)
        {
            return reply;
        }

        lock (Gate)
        {
            // With a delay, a task that ended in time answers for itself: null when it went well, its error otherwise.
            return task.Status == "running" ? reply : task.ExitStatus == "OK" ? PveReply.Ok(null) : PveReply.Fail(task.ExitStatus!);
        }
    }
}
