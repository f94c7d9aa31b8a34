using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Features.Servers.History;
using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Files;

/// <summary>
/// A server's files, through its agent's files API with the server's own agent credential. Callers have checked the
/// person's access (<c>ServerAccess</c>, permission <c>Files</c>); this checks paths and limits before anything is sent
/// and turns what the agent answers into a <see cref="FilesProblem"/> a person can act on.
/// </summary>
public sealed class ServerFiles(
    ServerDirectory servers, AgentCredentials credentials, AgentClient agents, ServerHistory history, IDbContextFactory<AppDbContext> dbFactory,
    IOptions<FilesOptions> options)
{
    /// <summary>Writes a change someone made to the server's files into its history, under their email (owner or friend alike).</summary>
    public async Task NoteAsync(int serverId, string? userId, string text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        await history.RecordAsync(serverId, HistoryKind.Files, email ?? "Someone", text.Length > ServerHistoryEntry.TextMaxLength ? text[..ServerHistoryEntry.TextMaxLength] : text, ct);
    }

    private const int MaxListingBytes = 8 << 20;
    private const int MaxErrorBytes = 4096;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public FilesOptions Limits => options.Value;

    /// <param name="path">The folder; null or empty for the server's directory.</param>
    public async Task<(FileListing? Listing, FilesProblem? Problem)> ListAsync(int serverId, string? path, int page = 1, int? pageSize = null, CancellationToken ct = default)
    {
        var folder = "";
        if (!string.IsNullOrEmpty(path) && FilePaths.Check(path, out folder) is { } reason)
        {
            return (null, FilesProblem.BadPath(reason));
        }

        var (agent, problem) = await AgentAsync(serverId, ct);
        if (agent is null)
        {
            return (null, problem);
        }

        var features = await agents.GetFeaturesAsync(agent.Value.Address, agent.Value.Credential, ct);
        if (features is null)
        {
            return (null, Unreachable());
        }

        if (!features.Contains("files"))
        {
            return (null, FilesProblem.Unavailable("This server's agent does not offer file access: it needs an agent version that advertises \"files\"."));
        }

        page = Math.Max(page, 1);
        var size = Math.Clamp(pageSize ?? Limits.PageSize, 1, 500);
        var query = $"files?page={page}&pageSize={size}" + (folder.Length == 0 ? "" : "&path=" + Uri.EscapeDataString(folder));
        var (response, failed) = await CallAsync(agent.Value, HttpMethod.Get, query, null, ct);
        if (response is null)
        {
            return (null, failed);
        }

        using (response)
        {
            try
            {
                if (response.Content.Headers.ContentLength > MaxListingBytes)
                {
                    return (null, BadAnswer());
                }

                await response.Content.LoadIntoBufferAsync(MaxListingBytes, ct);
                var listing = await response.Content.ReadFromJsonAsync<AgentListing>(Json, ct);
                var entries = (listing?.Entries ?? []).Where(e => !string.IsNullOrEmpty(e.Name) && !string.IsNullOrEmpty(e.Path))
                    .Select(e => new FileEntry(e.Name!, e.Path!, e.Type is "folder" or "link" ? e.Type : "file", e.Size, e.Modified, e.Target))
                    .ToList();
                return (new FileListing(folder, entries, Math.Max(listing?.Total ?? 0, entries.Count), page, size), null);
            }
            catch (Exception e) when (e is JsonException or HttpRequestException or NotSupportedException)
            {
                return (null, BadAnswer());
            }
        }
    }

    /// <summary>Opens a file for reading; dispose the download when its bytes have been sent on.</summary>
    public async Task<(FileDownload? Download, FilesProblem? Problem)> OpenAsync(int serverId, string? path, CancellationToken ct = default)
    {
        if (FilePaths.Check(path, out var file) is { } reason)
        {
            return (null, FilesProblem.BadPath(reason));
        }

        var (agent, problem) = await AgentAsync(serverId, ct);
        if (agent is null)
        {
            return (null, problem);
        }

        var (response, failed) = await CallAsync(agent.Value, HttpMethod.Get, "files/content?path=" + Uri.EscapeDataString(file), null, ct);
        if (response is null)
        {
            return (null, failed);
        }

        var name = FilePaths.Name(file);
        var agentSaysText = response.Content.Headers.ContentType?.MediaType == "text/plain";
        var contentType = ContentTypes.TryGetContentType(name, out var known) ? known
            : agentSaysText ? "text/plain; charset=utf-8"
            : "application/octet-stream";
        var stream = await response.Content.ReadAsStreamAsync(ct);
        return (new FileDownload(response, stream, name, contentType, response.Content.Headers.ContentLength), null);
    }

    /// <summary>A text file for the editor: at most <see cref="FilesOptions.MaxEditBytes"/>, UTF-8.</summary>
    public async Task<(string? Text, FilesProblem? Problem)> ReadTextAsync(int serverId, string? path, CancellationToken ct = default)
    {
        var (download, problem) = await OpenAsync(serverId, path, ct);
        if (download is null)
        {
            return (null, problem);
        }

        await using (download)
        {
            if (download.Length > Limits.MaxEditBytes)
            {
                return (null, FilesProblem.TooLarge($"{download.Name} ({FileSizes.Format(download.Length.Value)}) is too large to edit here; download it instead. It", Limits.MaxEditBytes));
            }

            using var buffer = new MemoryStream();
            try
            {
                await new BoundedStream(download.Content, Limits.MaxEditBytes).CopyToAsync(buffer, ct);
            }
            catch (FileTooLargeException)
            {
                return (null, FilesProblem.TooLarge($"{download.Name} is too large to edit here; download it instead. It", Limits.MaxEditBytes));
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return (null, Unreachable());
            }

            var bytes = buffer.ToArray();
            try
            {
                return bytes.Contains((byte)0)
                    ? (null, new FilesProblem(400, "Not a text file", $"{download.Name} is not a text file; download it instead."))
                    : (StrictUtf8.GetString(bytes), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, new FilesProblem(400, "Not a text file", $"{download.Name} is not UTF-8 text; download it instead."));
            }
        }
    }

    public Task<FilesProblem?> WriteTextAsync(int serverId, string? path, string text, CancellationToken ct = default)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return WriteAsync(serverId, path, new MemoryStream(bytes), bytes.Length, Limits.MaxEditBytes, "The file", ct);
    }

    /// <summary>
    /// Streams <paramref name="content"/> to the agent as the file's bytes. A declared length over
    /// <paramref name="limit"/> is refused before anything is sent; a body that runs past it is cut off on the way.
    /// </summary>
    public async Task<FilesProblem?> WriteAsync(int serverId, string? path, Stream content, long? length, long limit, string what, CancellationToken ct = default)
    {
        if (FilePaths.Check(path, out var file) is { } reason)
        {
            return FilesProblem.BadPath(reason);
        }

        if (length > limit)
        {
            return FilesProblem.TooLarge(what, limit);
        }

        var (agent, problem) = await AgentAsync(serverId, ct);
        if (agent is null)
        {
            return problem;
        }

        var bounded = new BoundedStream(content, limit);
        var body = new StreamContent(bounded);
        body.Headers.ContentType = new("application/octet-stream");
        if (length is { } known)
        {
            body.Headers.ContentLength = known;
        }

        var (response, failed) = await CallAsync(agent.Value, HttpMethod.Put, "files/content?path=" + Uri.EscapeDataString(file), body, ct);
        response?.Dispose();
        return failed is null ? null : bounded.Exceeded ? FilesProblem.TooLarge(what, limit) : failed;
    }

    public async Task<FilesProblem?> DeleteAsync(int serverId, string? path, CancellationToken ct = default) =>
        FilePaths.Check(path, out var file) is { } reason
            ? FilesProblem.BadPath(reason)
            : await SendAsync(serverId, HttpMethod.Delete, "files?path=" + Uri.EscapeDataString(file), null, ct);

    public async Task<FilesProblem?> MakeFolderAsync(int serverId, string? path, CancellationToken ct = default) =>
        FilePaths.Check(path, out var folder) is { } reason
            ? FilesProblem.BadPath(reason)
            : await SendAsync(serverId, HttpMethod.Post, "files/folder", new { path = folder }, ct);

    public async Task<FilesProblem?> RenameAsync(int serverId, string? from, string? to, CancellationToken ct = default)
    {
        if (FilePaths.Check(from, out var source) is { } reason)
        {
            return FilesProblem.BadPath(reason);
        }

        if (FilePaths.Check(to, out var target) is { } targetReason)
        {
            return FilesProblem.BadPath(targetReason);
        }

        return await SendAsync(serverId, HttpMethod.Post, "files/rename", new { from = source, to = target }, ct);
    }

    public async Task<FilesProblem?> ArchiveAsync(int serverId, IReadOnlyList<string>? paths, string? to, CancellationToken ct = default)
    {
        if (paths is not { Count: > 0 })
        {
            return FilesProblem.BadPath("Name at least one file or folder to pack.");
        }

        var checkedPaths = new List<string>();
        foreach (var path in paths)
        {
            if (FilePaths.Check(path, out var confined) is { } reason)
            {
                return FilesProblem.BadPath(reason);
            }

            checkedPaths.Add(confined);
        }

        return FilePaths.Check(to, out var zip) is { } toReason
            ? FilesProblem.BadPath(toReason)
            : await SendAsync(serverId, HttpMethod.Post, "files/archive", new { paths = checkedPaths, to = zip }, ct);
    }

    /// <param name="to">The folder to unpack into; null or empty for the server's directory.</param>
    public async Task<FilesProblem?> ExtractAsync(int serverId, string? path, string? to, CancellationToken ct = default)
    {
        if (FilePaths.Check(path, out var zip) is { } reason)
        {
            return FilesProblem.BadPath(reason);
        }

        var folder = "";
        return !string.IsNullOrEmpty(to) && FilePaths.Check(to, out folder) is { } toReason
            ? FilesProblem.BadPath(toReason)
            : await SendAsync(serverId, HttpMethod.Post, "files/extract", new { path = zip, to = folder }, ct);
    }

    private async Task<FilesProblem?> SendAsync(int serverId, HttpMethod method, string pathAndQuery, object? json, CancellationToken ct)
    {
        var (agent, problem) = await AgentAsync(serverId, ct);
        if (agent is null)
        {
            return problem;
        }

        var (response, failed) = await CallAsync(agent.Value, method, pathAndQuery, json is null ? null : JsonContent.Create(json, options: Json), ct);
        response?.Dispose();
        return failed;
    }

    private async Task<((string Address, string Credential)? Agent, FilesProblem? Problem)> AgentAsync(int serverId, CancellationToken ct)
    {
        var target = await servers.FindAgentTargetAsync(serverId, ct);
        if (target is null || target.Status == ServerStatus.Deleted)
        {
            return (null, new FilesProblem(404, "Server not found", $"You have no server with id {serverId}."));
        }

        if (target.Status != ServerStatus.Running || target.IpAddress is not { } address)
        {
            return (null, FilesProblem.Unavailable(
                $"The server is {target.Status.ToString().ToLowerInvariant()}: its files can be managed while it runs. Start the server and try again."));
        }

        return ((address, credentials.Reveal(target.AgentCredentialProtected)), null);
    }

    /// <summary>The agent's successful answer (the caller disposes it), or the problem its answer or silence means.</summary>
    private async Task<(HttpResponseMessage? Response, FilesProblem? Problem)> CallAsync(
        (string Address, string Credential) agent, HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await agents.SendFilesAsync(method, agent.Address, agent.Credential, pathAndQuery, content, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or FileTooLargeException && !ct.IsCancellationRequested)
        {
            return (null, Unreachable());
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, null);
        }

        using (response)
        {
            var error = await ErrorAsync(response, ct);
            return (null, response.StatusCode switch
            {
                HttpStatusCode.BadRequest => new FilesProblem(400, "Not possible", error),
                HttpStatusCode.NotFound => new FilesProblem(404, "Not found", error),
                HttpStatusCode.Conflict => new FilesProblem(409, "Conflict", error),
                HttpStatusCode.RequestEntityTooLarge => new FilesProblem(413, "Too large", $"The server's agent refused it as too large: {error}"),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => FilesProblem.Unavailable(
                    "The server's agent refused the portal's credential; its files cannot be reached until the server is set up again."),
                HttpStatusCode.ServiceUnavailable => Unreachable(),
                _ => BadAnswer(),
            });
        }
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxErrorBytes, ct);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && error.GetString() is { Length: > 0 } text)
            {
                return text.Length > 500 ? text[..500] : text;
            }
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or NotSupportedException)
        {
        }

        return $"The server's agent answered {(int)response.StatusCode}.";
    }

    private static FilesProblem Unreachable() => FilesProblem.Unavailable(
        "The server's agent cannot be reached. Start the server (or wait until it has finished starting) and try again.");

    private static FilesProblem BadAnswer() => new(502, "Bad answer from the server", "The server's agent gave an answer the portal cannot use.");

    private sealed record AgentListing(string? Path, List<AgentEntry>? Entries, int Total);

    private sealed record AgentEntry(string? Name, string? Path, string? Type, long? Size, DateTimeOffset? Modified, string? Target);
}
