namespace ZlhPortal.Web.Features.Files;

/// <summary>A file being read from the agent: its bytes stream from <see cref="Content"/> until this is disposed.</summary>
public sealed class FileDownload(HttpResponseMessage response, Stream content, string name, string contentType, long? length) : IAsyncDisposable
{
    public Stream Content => content;

    public string Name => name;

    public string ContentType => contentType;

    public long? Length => length;

    public async ValueTask DisposeAsync()
    {
        await content.DisposeAsync();
        response.Dispose();
    }
}
