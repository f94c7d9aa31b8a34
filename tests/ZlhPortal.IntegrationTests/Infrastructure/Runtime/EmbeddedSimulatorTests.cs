using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.IntegrationTests.Infrastructure.Runtime;

/// <summary>The simulator the portal starts by default is reachable with its data folder's own secrets only.</summary>
public sealed class EmbeddedSimulatorTests
{
    [Fact]
    public async Task A_default_embedded_simulator_refuses_the_well_known_development_token_and_password_and_the_portal_still_reaches_it()
    {
        // The default: state (and the secrets beside it) in the portal's data folder.
        using var factory = new PortalAppFactory().WithSetting("Runtime:Simulator:StateFile", "");
        var simulator = await factory.Services.GetRequiredService<EmbeddedSimulator>().GetAsync();
        var portalClient = factory.Services.GetRequiredService<ProxmoxClient>();
        var pinned = factory.Services.GetRequiredService<IOptions<ProxmoxOptions>>().Value;
        var wellKnown = new ProxmoxOptions
        {
            BaseUrl = pinned.BaseUrl, Fingerprint = pinned.Fingerprint, TokenId = "root@pam!zlhportal", TokenSecret = "00000000-0000-0000-0000-000000000000",
        };
        var byToken = await new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(wellKnown)), wellKnown).Nodes.GetAsync();
        var ticketOptions = new ProxmoxOptions { BaseUrl = pinned.BaseUrl, Fingerprint = pinned.Fingerprint };
        var byPassword = await new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(ticketOptions)), ticketOptions).LoginAsync("root@pam", "zlhportal");

        var portal = await portalClient.Nodes.GetAsync();

        Assert.Equal(ProxmoxErrorKind.Unauthorized, byToken.Error?.Kind);
        Assert.Equal(ProxmoxErrorKind.Unauthorized, byPassword.Error?.Kind);
        Assert.True(portal.IsSuccess, portal.ToString());
        Assert.Equal(simulator.ApiTokenId, pinned.TokenId);
        var secrets = Path.Combine(factory.DataDirectory, "simulator", "simulator-secrets.json");
        Assert.Contains(simulator.ApiTokenSecret, await File.ReadAllTextAsync(secrets), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        }
    }
}
