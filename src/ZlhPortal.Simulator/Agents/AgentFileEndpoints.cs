using System.Text;
using System.Text.Json;

namespace ZlhPortal.Simulator.Agents;

/// <summary>
/// The agent's files API (our extension of DESIGN.md §7, see the README): <c>GET|PUT /files/content</c>, shared with
/// the dev container's IDE, and listing, folders, delete, rename, zip and unzip. Paths are relative to the server
/// directory; refusals answer <c>{error}</c> with 400, 404, 409 or 413.
/// </summary>
internal static class AgentFileEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static async Task ListAsync(AgentRuntime agent, HttpContext context)
    {
        var query = context.Request.Query;
        string? directory = null;
        if (!string.IsNullOrEmpty(query["path"]) && !Checked(query["path"], out directory, out var refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        var page = int.TryParse(query["page"], out var p) && p > 0 ? p : 1;
        var pageSize = int.TryParse(query["pageSize"], out var s) ? Math.Clamp(s, 1, 1000) : 200;
        await AnswerAsync(context, agent.Files(tree => tree.List(directory, page, pageSize)));
    }

    public static async Task ReadAsync(AgentRuntime agent, HttpContext context)
    {
        if (!Checked(context.Request.Query["path"], out var path, out var refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        var read = agent.Files(tree => tree.Read(path));
        if (read.Value is not { } bytes)
        {
            await RefuseAsync(context, read.Status, read.Error!);
            return;
        }

        // With its length, as a file server answers for a file (not chunked).
        context.Response.ContentType = IsText(bytes) ? "text/plain; charset=utf-8" : "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>Writes the raw body as the file's bytes (parent folders are made as needed).</summary>
    public static async Task WriteAsync(AgentRuntime agent, HttpContext context)
    {
        if (!Checked(context.Request.Query["path"], out var path, out var refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        var limit = agent.Cluster.Options.AgentMaxFileBytes;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, 413, $"a file may hold at most {limit} bytes");
            return;
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            if (body.Length + read > limit)
            {
                await RefuseAsync(context, 413, $"a file may hold at most {limit} bytes");
                return;
            }

            body.Write(buffer, 0, read);
        }

        var written = agent.Files(tree => tree.Write(path, body.ToArray()), changes: true);
        if (written.Value is null)
        {
            await RefuseAsync(context, written.Status, written.Error!);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task DeleteAsync(AgentRuntime agent, HttpContext context)
    {
        if (!Checked(context.Request.Query["path"], out var path, out var refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        await AnswerAsync(context, agent.Files(tree => tree.Delete(path), changes: true), StatusCodes.Status204NoContent);
    }

    public static async Task MakeFolderAsync(AgentRuntime agent, HttpContext context)
    {
        var request = await BodyAsync<FolderRequest>(context);
        if (request is null)
        {
            await RefuseAsync(context, 400, "body must be {\"path\"}");
            return;
        }

        if (!Checked(request.Path, out var path, out var refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        await AnswerAsync(context, agent.Files(tree => tree.MakeFolder(path), changes: true), StatusCodes.Status201Created);
    }

    public static async Task RenameAsync(AgentRuntime agent, HttpContext context)
    {
        var request = await BodyAsync<RenameRequest>(context);
        if (request is null)
        {
            await RefuseAsync(context, 400, "body must be {\"from\", \"to\"}");
            return;
        }

        var fromChecked = Checked(request.From, out var from, out var refusal);
        if (!fromChecked || !Checked(request.To, out var to, out refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        await AnswerAsync(context, agent.Files(tree => tree.Move(from, to), changes: true), StatusCodes.Status204NoContent);
    }

    public static async Task ArchiveAsync(AgentRuntime agent, HttpContext context)
    {
        var request = await BodyAsync<ArchiveRequest>(context);
        if (request?.Paths is not { Count: > 0 } paths)
        {
            await RefuseAsync(context, 400, "body must be {\"paths\": [...], \"to\"} with at least one path");
            return;
        }

        var confined = new List<string>();
        foreach (var raw in paths)
        {
            if (!Checked(raw, out var path, out var refusal))
            {
                await RefuseAsync(context, 400, refusal);
                return;
            }

            confined.Add(path);
        }

        if (!Checked(request.To, out var to, out var refused))
        {
            await RefuseAsync(context, 400, refused);
            return;
        }

        await AnswerAsync(context, agent.Files(tree => tree.Archive(confined, to), changes: true), StatusCodes.Status201Created);
    }

    public static async Task ExtractAsync(AgentRuntime agent, HttpContext context)
    {
        var request = await BodyAsync<ExtractRequest>(context);
        if (request is null)
        {
            await RefuseAsync(context, 400, "body must be {\"path\", \"to\"}");
            return;
        }

        if (!Checked(request.Path, out var path, out var refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        var to = "";
        if (!string.IsNullOrEmpty(request.To) && !Checked(request.To, out to, out refusal))
        {
            await RefuseAsync(context, 400, refusal);
            return;
        }

        await AnswerAsync(context, agent.Files(tree => tree.Extract(path, to), changes: true), StatusCodes.Status204NoContent);
    }

    private static bool Checked(string? raw, out string path, out string refusal)
    {
        refusal = AgentFiles.Check(raw, out path) ?? "";
        return refusal.Length == 0;
    }

    private static bool IsText(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return !bytes.Contains((byte)0);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static async Task<T?> BodyAsync<T>(HttpContext context)
        where T : class
    {
        if (context.Request.ContentLength > AgentEndpoints.MaxBodyBytes)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task AnswerAsync<T>(HttpContext context, AgentFileResult<T> result, int success = StatusCodes.Status200OK)
        where T : class
    {
        if (result.Value is null)
        {
            await RefuseAsync(context, result.Status, result.Error!);
        }
        else if (result.Value is string path)
        {
            context.Response.StatusCode = success;
            if (success != StatusCodes.Status204NoContent)
            {
                await context.Response.WriteAsJsonAsync(new { path });
            }
        }
        else
        {
            await context.Response.WriteAsJsonAsync(result.Value, Json);
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error });
    }

    private sealed record FolderRequest(string? Path);

    private sealed record RenameRequest(string? From, string? To);

    private sealed record ArchiveRequest(IReadOnlyList<string>? Paths, string? To);

    private sealed record ExtractRequest(string? Path, string? To);
}
