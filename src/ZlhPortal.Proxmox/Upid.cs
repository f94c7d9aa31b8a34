using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;
using ZlhPortal.Proxmox.Json;

namespace ZlhPortal.Proxmox;

/// <summary>
/// A Proxmox task id: <c>UPID:node:pid:pstart:starttime:type:id:user:</c> with pid, pstart and starttime in hex.
/// Always query a task on <see cref="Node"/>; another node answers "no such task".
/// </summary>
[JsonConverter(typeof(UpidJsonConverter))]
public sealed record Upid
{
    private Upid(string value, string node, int pid, long processStart, DateTimeOffset startTime, string type, string id, string user)
    {
        Value = value;
        Node = node;
        Pid = pid;
        ProcessStart = processStart;
        StartTime = startTime;
        Type = type;
        Id = id;
        User = user;
    }

    public string Value { get; }

    public string Node { get; }

    public int Pid { get; }

    public long ProcessStart { get; }

    public DateTimeOffset StartTime { get; }

    /// <summary>Worker name, e.g. <c>vzclone</c>, <c>vzstart</c>, <c>vzdump</c>.</summary>
    public string Type { get; }

    /// <summary>Usually the vmid; may be empty.</summary>
    public string Id { get; }

    /// <summary><c>user@realm</c> or <c>user@realm!tokenid</c>.</summary>
    public string User { get; }

    public static Upid Parse(string value) =>
        TryParse(value, out var upid) ? upid : throw new FormatException($"'{value}' is not a Proxmox UPID.");

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out Upid? upid)
    {
        upid = null;
        if (value is null || !value.StartsWith("UPID:", StringComparison.Ordinal))
        {
            return false;
        }

        // The user part never contains ':', so a plain split gives 9 fields (the last one empty).
        var parts = value.Split(':');
        if (parts.Length != 9 || parts[1].Length == 0
            || !int.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var pstart)
            || !long.TryParse(parts[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
            || parts[5].Length == 0)
        {
            return false;
        }

        upid = new Upid(value, parts[1], pid, pstart, DateTimeOffset.FromUnixTimeSeconds(start), parts[5], parts[6], parts[7]);
        return true;
    }

    /// <summary>Builds a UPID the way pve-common encodes it (used by the simulator and tests).</summary>
    public static Upid Create(string node, int pid, long processStart, DateTimeOffset startTime, string type, string id, string user)
    {
        var value = string.Create(CultureInfo.InvariantCulture,
            $"UPID:{node}:{pid:X8}:{processStart:X8}:{startTime.ToUnixTimeSeconds():X8}:{type}:{id}:{user}:");
        return Parse(value);
    }

    public override string ToString() => Value;
}
