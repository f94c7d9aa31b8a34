using System.IO.Compression;
using ZlhPortal.Simulator.State;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The file operations of the agent's files API on one container's tree (paths relative to the server directory, as
/// keys of <see cref="SimAgentState.Files"/>). Callers hold the cluster gate. Folders exist explicitly (made by
/// <see cref="MakeFolder"/>) or implicitly (a file below them); links are followed only while they stay inside.
/// </summary>
internal sealed class AgentFileTree(Dictionary<string, SimFile> files, DateTimeOffset now, long maxFileBytes)
{
    private const int MaxLinkHops = 16;

    /// <summary>The path a request names, its links followed (the last one too when <paramref name="followLast"/>).</summary>
    public AgentFileResult<string> Resolve(string path, bool followLast = true)
    {
        var parts = new List<string>(path.Split('/'));
        var hops = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (i == parts.Count - 1 && !followLast)
            {
                break;
            }

            var current = string.Join('/', parts.Take(i + 1));
            if (!files.TryGetValue(current, out var entry) || entry.LinkTarget is not { } target)
            {
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return AgentFileResult<string>.Refused(400, $"{path}: too many levels of symbolic links");
            }

            if (Follow(string.Join('/', parts.Take(i)), target) is not { } followed)
            {
                return AgentFileResult<string>.Refused(400, $"{path}: a symbolic link on the way points outside the server directory");
            }

            parts = [.. followed, .. parts.Skip(i + 1)];
            i = -1;
        }

        return AgentFileResult<string>.Ok(string.Join('/', parts));
    }

    public AgentFileResult<AgentFileListing> List(string? directory, int page, int pageSize)
    {
        var folder = "";
        if (!string.IsNullOrEmpty(directory))
        {
            var resolved = Resolve(directory);
            if (resolved.Value is not { } value)
            {
                return resolved.As<AgentFileListing>();
            }

            folder = value;
            if (files.TryGetValue(folder, out var entry) && entry.IsFile)
            {
                return AgentFileResult<AgentFileListing>.Refused(400, $"{directory} is a file, not a folder");
            }

            if (!Exists(folder))
            {
                return AgentFileResult<AgentFileListing>.Refused(404, $"no such folder: {directory}");
            }
        }

        var prefix = folder.Length == 0 ? "" : folder + "/";
        var children = new Dictionary<string, AgentFileListEntry>(StringComparer.Ordinal);
        foreach (var (key, file) in files)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length)
            {
                continue;
            }

            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var name = slash < 0 ? rest : rest[..slash];
            var path = prefix + name;
            if (slash < 0)
            {
                var type = file.IsFolder ? "folder" : file.IsLink ? "link" : "file";
                var modified = children.TryGetValue(name, out var implied) ? Max(implied.Modified, file.Modified) : file.Modified;
                children[name] = new AgentFileListEntry(name, path, type, file.Content?.LongLength, modified, file.LinkTarget);
            }
            else if (!children.TryGetValue(name, out var known))
            {
                children[name] = new AgentFileListEntry(name, path, "folder", null, file.Modified, null);
            }
            else if (known.Type == "folder")
            {
                children[name] = known with { Modified = Max(known.Modified, file.Modified) };
            }
        }

        var ordered = children.Values.OrderBy(e => e.Type == "folder" ? 0 : 1).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var entries = ordered.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return AgentFileResult<AgentFileListing>.Ok(new AgentFileListing(folder, entries, ordered.Count, page, pageSize));
    }

    public AgentFileResult<byte[]> Read(string path)
    {
        var resolved = Resolve(path);
        if (resolved.Value is not { } target)
        {
            return resolved.As<byte[]>();
        }

        if (files.TryGetValue(target, out var file) && file.Content is { } content)
        {
            return AgentFileResult<byte[]>.Ok(content);
        }

        return Exists(target)
            ? AgentFileResult<byte[]>.Refused(400, $"{path} is a folder, not a file")
            : AgentFileResult<byte[]>.Refused(404, $"no such file: {path}");
    }

    public AgentFileResult<string> Write(string path, byte[] content)
    {
        if (content.LongLength > maxFileBytes)
        {
            return TooLarge();
        }

        var resolved = Resolve(path);
        if (resolved.Value is not { } target)
        {
            return resolved;
        }

        if (Exists(target) && !(files.TryGetValue(target, out var existing) && existing.IsFile))
        {
            return AgentFileResult<string>.Refused(409, $"{path} is a folder");
        }

        if (FileAbove(target) is { } blocking)
        {
            return AgentFileResult<string>.Refused(409, $"{blocking} is a file, not a folder");
        }

        files[target] = SimFile.Bytes(content, now);
        return AgentFileResult<string>.Ok(target);
    }

    public AgentFileResult<string> MakeFolder(string path)
    {
        var resolved = Resolve(path);
        if (resolved.Value is not { } target)
        {
            return resolved;
        }

        if (Exists(target) || files.ContainsKey(target))
        {
            return AgentFileResult<string>.Refused(409, $"{path} already exists");
        }

        if (FileAbove(target) is { } blocking)
        {
            return AgentFileResult<string>.Refused(409, $"{blocking} is a file, not a folder");
        }

        files[target] = SimFile.Folder(now);
        return AgentFileResult<string>.Ok(target);
    }

    /// <summary>Removes a file, a link (not what it points to) or a folder with everything in it.</summary>
    public AgentFileResult<string> Delete(string path)
    {
        var resolved = Resolve(path, followLast: false);
        if (resolved.Value is not { } target)
        {
            return resolved;
        }

        var doomed = Below(target).ToList();
        if (doomed.Count == 0)
        {
            return AgentFileResult<string>.Refused(404, $"no such file or folder: {path}");
        }

        doomed.ForEach(key => files.Remove(key));
        return AgentFileResult<string>.Ok(target);
    }

    /// <summary>Renames or moves a file, link or folder; the target must not exist yet.</summary>
    public AgentFileResult<string> Move(string from, string to)
    {
        var source = Resolve(from, followLast: false);
        var destination = Resolve(to, followLast: false);
        if (source.Value is not { } origin)
        {
            return source;
        }

        if (destination.Value is not { } target)
        {
            return destination;
        }

        var moving = Below(origin).ToList();
        if (moving.Count == 0)
        {
            return AgentFileResult<string>.Refused(404, $"no such file or folder: {from}");
        }

        if (target == origin || target.StartsWith(origin + "/", StringComparison.Ordinal))
        {
            return AgentFileResult<string>.Refused(400, $"{from} cannot be moved into itself");
        }

        if (Exists(target) || files.ContainsKey(target))
        {
            return AgentFileResult<string>.Refused(409, $"{to} already exists");
        }

        if (FileAbove(target) is { } blocking)
        {
            return AgentFileResult<string>.Refused(409, $"{blocking} is a file, not a folder");
        }

        foreach (var key in moving)
        {
            var entry = files[key];
            files.Remove(key);
            files[target + key[origin.Length..]] = entry;
        }

        return AgentFileResult<string>.Ok(target);
    }

    /// <summary>
    /// Packs files and folders into a zip at <paramref name="to"/>, each under its own name. Links inside are left out:
    /// following them could pack what lies outside the server directory.
    /// </summary>
    public AgentFileResult<string> Archive(IReadOnlyList<string> paths, string to)
    {
        var destination = Resolve(to);
        if (destination.Value is not { } target)
        {
            return destination;
        }

        if (Exists(target) || files.ContainsKey(target))
        {
            return AgentFileResult<string>.Refused(409, $"{to} already exists");
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var path in paths)
            {
                var source = Resolve(path);
                if (source.Value is not { } origin)
                {
                    return source;
                }

                var parent = origin.Contains('/', StringComparison.Ordinal) ? origin[..(origin.LastIndexOf('/') + 1)] : "";
                var packed = Below(origin).Where(key => !files[key].IsLink).ToList();
                if (packed.Count == 0)
                {
                    return AgentFileResult<string>.Refused(404, $"no such file or folder: {path}");
                }

                foreach (var key in packed)
                {
                    var file = files[key];
                    var entry = zip.CreateEntry(key[parent.Length..] + (file.IsFolder ? "/" : ""), CompressionLevel.Fastest);
                    entry.LastWriteTime = file.Modified;
                    if (file.Content is { } content)
                    {
                        using var stream = entry.Open();
                        stream.Write(content);
                    }
                }
            }
        }

        return Write(target, buffer.ToArray());
    }

    /// <summary>
    /// Unpacks a zip into a folder, replacing files of the same name. Every entry is checked first: one that would land
    /// outside the folder (<c>..</c>, absolute) refuses the whole archive, so nothing is half extracted.
    /// </summary>
    /// <param name="to">The folder; empty for the server directory itself.</param>
    public AgentFileResult<string> Extract(string path, string to)
    {
        var archive = Read(path);
        if (archive.Value is not { } bytes)
        {
            return archive.As<string>();
        }

        var destination = to.Length == 0 ? AgentFileResult<string>.Ok("") : Resolve(to);
        if (destination.Value is not { } target)
        {
            return destination;
        }

        var prefix = target.Length == 0 ? "" : target + "/";
        if (files.TryGetValue(target, out var existing) && existing.IsFile)
        {
            return AgentFileResult<string>.Refused(409, $"{to} is a file, not a folder");
        }

        var unpacked = new List<(string Path, byte[]? Content, DateTimeOffset Modified)>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (AgentFiles.Check(entry.FullName, out var name) is { } reason)
                {
                    return AgentFileResult<string>.Refused(400, $"{path}: the entry \"{entry.FullName}\" would land outside the target folder ({reason})");
                }

                total += entry.Length;
                if (entry.Length > maxFileBytes || total > maxFileBytes * 4)
                {
                    return AgentFileResult<string>.Refused(413, $"{path} unpacks to more than {maxFileBytes * 4} bytes");
                }

                if (entry.FullName.EndsWith('/'))
                {
                    unpacked.Add((prefix + name, null, entry.LastWriteTime));
                    continue;
                }

                using var stream = entry.Open();
                using var content = new MemoryStream();
                stream.CopyTo(content);
                unpacked.Add((prefix + name, content.ToArray(), entry.LastWriteTime));
            }
        }
        catch (InvalidDataException)
        {
            return AgentFileResult<string>.Refused(400, $"{path} is not a zip archive");
        }

        foreach (var (key, content, _) in unpacked)
        {
            if (FileAbove(key) is { } blocking)
            {
                return AgentFileResult<string>.Refused(409, $"{blocking} is a file, not a folder");
            }

            if (content is not null && Below(key).Any(k => k != key))
            {
                return AgentFileResult<string>.Refused(409, $"{key} is a folder");
            }
        }

        foreach (var (key, content, modified) in unpacked)
        {
            if (content is null)
            {
                files.TryAdd(key, SimFile.Folder(modified));
            }
            else
            {
                files[key] = SimFile.Bytes(content, modified);
            }
        }

        return AgentFileResult<string>.Ok(target);
    }

    /// <summary>Where a link in <paramref name="folder"/> leads, as path segments; null when that is outside.</summary>
    private static List<string>? Follow(string folder, string target)
    {
        if (target.StartsWith('/'))
        {
            return null;
        }

        var parts = folder.Length == 0 ? new List<string>() : [.. folder.Split('/')];
        foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? null : parts;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private AgentFileResult<string> TooLarge() => AgentFileResult<string>.Refused(413, $"a file may hold at most {maxFileBytes} bytes");

    private bool Exists(string path) => files.ContainsKey(path) || files.Keys.Any(k => k.StartsWith(path + "/", StringComparison.Ordinal));

    /// <summary>The entry itself and everything below it.</summary>
    private IEnumerable<string> Below(string path) =>
        files.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal));

    /// <summary>A file where a folder of <paramref name="path"/> would have to be.</summary>
    private string? FileAbove(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (files.TryGetValue(path[..slash], out var entry) && !entry.IsFolder)
            {
                return path[..slash];
            }
        }

        return null;
    }
}
