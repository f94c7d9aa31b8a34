using Polly.Timeout;
using ZlhPortal.Web.Infrastructure.Metrics;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>Counts each HTTP request to one runtime target (proxmox, agent, dns) by outcome, in <c>zlh_runtime_requests_total</c>.</summary>
public sealed class RuntimeRequestCounter(PortalMetrics metrics, string target) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.RuntimeRequest(target, response.IsSuccessStatusCode ? "success" : "http_error");
            return response;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutRejectedException or TimeoutException)
        {
            // The callers bound every runtime call in time, so a cancelled request is almost always one that took too long.
            metrics.RuntimeRequest(target, "timeout");
            throw;
        }
        catch (HttpRequestException)
        {
            metrics.RuntimeRequest(target, "network_error");
            throw;
        }
    }
}
