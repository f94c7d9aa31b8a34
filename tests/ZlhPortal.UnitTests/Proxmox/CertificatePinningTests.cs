using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Proxmox;

namespace ZlhPortal.UnitTests.Proxmox;

/// <summary>Pinning against a real local TLS server with a self-signed certificate, like a fresh Proxmox node's.</summary>
public sealed class CertificatePinningTests : IAsyncLifetime
{
    private readonly X509Certificate2 certificate = CreateCertificate();
    private WebApplication? server;
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration()
            .ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        server = builder.Build();
        server.Run(context => context.Response.WriteAsync("""{"data":{"version":"9.1.2","release":"9.1","repoid":"abc"}}"""));
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        baseUrl = address + "/api2/json";
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        certificate.Dispose();
    }

    [Fact]
    public async Task Accepts_the_server_whose_certificate_matches_the_pinned_fingerprint()
    {
        var fingerprint = ProxmoxClient.FormatFingerprint(certificate);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);

        var result = await CreateClient(fingerprint.ToLowerInvariant()).Version.GetAsync();

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("9.1.2", result.Data!.Version);
    }

    [Fact]
    public async Task Rejects_a_server_presenting_another_certificate()
    {
        using var other = CreateCertificate();

        var result = await CreateClient(ProxmoxClient.FormatFingerprint(other)).Version.GetAsync();

        Assert.False(result.IsSuccess);
        Assert.Equal(0, result.StatusCode);
        Assert.Contains("TLS", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_fingerprint_trusts_only_the_system_store()
    {
        var result = await CreateClient(null).Version.GetAsync();

        Assert.False(result.IsSuccess);
    }

    private ProxmoxClient CreateClient(string? fingerprint)
    {
        var options = new ProxmoxOptions { BaseUrl = baseUrl, TokenId = "root@pam!t", TokenSecret = "s", Fingerprint = fingerprint };
        return new ProxmoxClient(new HttpClient(ProxmoxClient.CreatePrimaryHandler(options)), options);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pve-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
