using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers.Sharing;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.Web.Features.Files;

/// <summary>
/// <c>/api/v1/servers/{id}/files</c>: a server's files for whoever may manage them (no access is a 404, no files
/// permission a 403). The Files tab reaches download and upload through <c>/servers/{id}/files/…</c> with its cookie.
/// </summary>
public static class FilesApi
{
    /// <summary>Room for the multipart framing around an upload's files.</summary>
    private const long MultipartOverhead = 1 << 20;

    public static IEndpointRouteBuilder MapFiles(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/servers/{id:int}/files").WithTags("Files").RequireAuthorization(Policies.ApiCustomer);

        api.MapGet("/", async Task<Results<Ok<FileListing>, ProblemHttpResult>> (
            int id, string? path, int? page, int? pageSize, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct) =>
        {
            var (_, denied) = await access.RequireAsync(id, user, ServerPermissions.Files, ct);
            if (denied is not null)
            {
                return denied;
            }

            var (listing, problem) = await files.ListAsync(id, path, page ?? 1, pageSize, ct);
            return listing is not null ? TypedResults.Ok(listing) : problem!.ToResult();
        });

        api.MapGet("/content", (int id, string? path, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ContentAsync(id, path, attachment: false, context, access, files, ct));

        api.MapPut("/content", async Task<Results<NoContent, ProblemHttpResult>> (
            int id, string? path, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct) =>
        {
            var (_, denied) = await access.RequireAsync(id, context.User, ServerPermissions.Files, ct);
            if (denied is not null)
            {
                return denied;
            }

            AllowBody(context, files.Limits.MaxEditBytes + 1);
            var problem = await files.WriteAsync(id, path, context.Request.Body, context.Request.ContentLength, files.Limits.MaxEditBytes, "The file", ct);
            if (problem is not null)
            {
                return problem.ToResult();
            }

            await files.NoteAsync(id, context.User.UserId(), $"Saved {path}.", ct);
            return TypedResults.NoContent();
        });

        api.MapPost("/upload", (int id, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            UploadAsync(id, context, access, files, ct));

        api.MapDelete("/", (int id, string? path, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ActAsync(id, user, access, files, ct, () => files.DeleteAsync(id, path, ct), $"Deleted {path}."));

        api.MapPost("/rename", (int id, FileRenameRequest request, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ActAsync(id, user, access, files, ct, () => files.RenameAsync(id, request.From, request.To, ct), $"Renamed {request.From} to {request.To}."));

        api.MapPost("/folder", (int id, FileFolderRequest request, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ActAsync(id, user, access, files, ct, () => files.MakeFolderAsync(id, request.Path, ct), $"Created the folder {request.Path}.", created: true));

        api.MapPost("/archive", (int id, FileArchiveRequest request, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ActAsync(id, user, access, files, ct, () => files.ArchiveAsync(id, request.Paths, request.To, ct), $"Zipped into {request.To}.", created: true));

        api.MapPost("/extract", (int id, FileExtractRequest request, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ActAsync(id, user, access, files, ct, () => files.ExtractAsync(id, request.Path, request.To, ct), $"Unpacked {request.Path} into {request.To}."));

        // The Files tab's way in: the signed-in person's cookie, the upload guarded by an antiforgery token in a header.
        var page = endpoints.MapGroup("/servers/{id:int}/files").RequireAuthorization(Policies.Customer).ExcludeFromDescription();
        page.MapGet("/download", (int id, string? path, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            ContentAsync(id, path, attachment: true, context, access, files, ct));
        page.MapPost("/upload", (int id, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct) =>
            UploadAsync(id, context, access, files, ct))
            .WithMetadata(new RequireAntiforgeryTokenAttribute());

        return endpoints;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ContentAsync(
        int id, string? path, bool attachment, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct)
    {
        var (_, denied) = await access.RequireAsync(id, context.User, ServerPermissions.Files, ct);
        if (denied is not null)
        {
            return denied;
        }

        var (download, problem) = await files.OpenAsync(id, path, ct);
        if (download is null)
        {
            return problem!.ToResult();
        }

        context.Response.RegisterForDisposeAsync(download);
        // A customer's file is never a page of the portal: no sniffing, and nothing in it may run here.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        context.Response.ContentLength = download.Length;
        return TypedResults.Stream(download.Content, download.ContentType, attachment ? download.Name : null);
    }

    /// <summary>
    /// A multipart upload: a <c>path</c> field (or query parameter) names the target folder, then each file part is
    /// streamed to the agent as it arrives. All files together may carry <see cref="FilesOptions.MaxUploadBytes"/>.
    /// </summary>
    private static async Task<Results<Ok<FileUploadResponse>, ProblemHttpResult>> UploadAsync(
        int id, HttpContext context, ServerAccess access, ServerFiles files, CancellationToken ct)
    {
        var (_, denied) = await access.RequireAsync(id, context.User, ServerPermissions.Files, ct);
        if (denied is not null)
        {
            return denied;
        }

        // The antiforgery middleware only records its verdict on the cookie route; a form this endpoint reads itself must heed it.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return new FilesProblem(400, "Not an upload", "The upload lacks the page's antiforgery token; reload the page and try again.").ToResult();
        }

        var limit = files.Limits.MaxUploadBytes;
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return new FilesProblem(400, "Not an upload", "Send the files as multipart/form-data, with a path field naming the target folder first.").ToResult();
        }

        if (request.ContentLength > limit + MultipartOverhead)
        {
            return FilesProblem.TooLarge("The upload", limit).ToResult();
        }

        AllowBody(context, limit + MultipartOverhead);
        var folder = request.Query["path"].ToString();
        var uploaded = new List<string>();
        long used = 0;
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                if (disposition.IsFormDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Value == "path")
                {
                    using var field = new StreamReader(new BoundedStream(section.Body, FilePaths.MaxLength * 4));
                    folder = await field.ReadToEndAsync(ct);
                    continue;
                }

                if (!disposition.IsFileDisposition())
                {
                    continue;
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                var name = fileName.Replace('\\', '/').Split('/').LastOrDefault(p => p.Length > 0);
                if (name is null)
                {
                    return FilesProblem.BadPath("A file in the upload has no name.").ToResult();
                }

                var path = string.IsNullOrWhiteSpace(folder) ? name : folder.TrimEnd('/', '\\') + "/" + name;
                var counted = new BoundedStream(section.Body, long.MaxValue);
                var problem = await files.WriteAsync(id, path, counted, null, limit - used, "The upload", ct);
                if (problem is not null)
                {
                    return (problem.Status == 413 ? FilesProblem.TooLarge("The upload", limit) : problem).ToResult();
                }

                used += counted.BytesRead;
                FilePaths.Check(path, out var stored);
                uploaded.Add(stored);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException && !ct.IsCancellationRequested)
        {
            return new FilesProblem(400, "Not an upload", "The upload could not be read as multipart/form-data.").ToResult();
        }

        if (uploaded.Count == 0)
        {
            return new FilesProblem(400, "Not an upload", "The upload holds no file.").ToResult();
        }

        await files.NoteAsync(id, context.User.UserId(), $"Uploaded {string.Join(", ", uploaded)}.", ct);
        return TypedResults.Ok(new FileUploadResponse(uploaded));
    }

    private static async Task<Results<NoContent, Created, ProblemHttpResult>> ActAsync(
        int id, ClaimsPrincipal user, ServerAccess access, ServerFiles files, CancellationToken ct, Func<Task<FilesProblem?>> action, string note, bool created = false)
    {
        var (_, denied) = await access.RequireAsync(id, user, ServerPermissions.Files, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (await action() is { } problem)
        {
            return problem.ToResult();
        }

        await files.NoteAsync(id, user.UserId(), note, ct);
        return created ? TypedResults.Created() : TypedResults.NoContent();
    }

    /// <summary>Lets a body through to our own limit check (Kestrel's default would cut it off with a bare 413 first).</summary>
    private static void AllowBody(HttpContext context, long bytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = bytes;
        }
    }
}
