using System.Net;
using System.Text;

namespace ZlhPortal.UnitTests.Proxmox;

/// <summary>Answers requests with canned Proxmox responses and remembers what was sent.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string? reason = null) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json"), ReasonPhrase = reason };

    public static HttpResponseMessage Error(int status, string reason, string body = """{"data":null}""") =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), ReasonPhrase = reason };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        var response = respond(request, Requests.Count);
        response.RequestMessage = request;
        return response;
    }
}
