using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>Where the DNS API lives: configured for a real deployment, or the embedded simulator's.</summary>
public sealed class RuntimeEndpoints(IOptions<RuntimeOptions> runtime, IOptions<DnsOptions> dns, EmbeddedSimulator simulator)
{
    public async Task<(Uri BaseUrl, string Token)> GetDnsAsync()
    {
        if (runtime.Value.Mode == RuntimeMode.Simulator)
        {
            var host = await simulator.GetAsync();
            return (host.DnsApiUrl, host.DnsToken);
        }

        return (new Uri(dns.Value.BaseUrl!.TrimEnd('/') + "/"), dns.Value.Token ?? "");
    }
}
