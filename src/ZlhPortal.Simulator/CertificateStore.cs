using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZlhPortal.Simulator;

/// <summary>
/// The API's self-signed certificate, like a fresh Proxmox node's. Created once and kept, so a pinned
/// fingerprint stays valid across restarts.
/// </summary>
internal static class CertificateStore
{
    public static X509Certificate2 LoadOrCreate(string? path, string listenAddress)
    {
        if (path is not null && File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.Exportable);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pve1.zlh.test, O=ZlhPortal Simulator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("pve1.zlh.test");
        names.AddIpAddress(IPAddress.Loopback);
        if (IPAddress.TryParse(listenAddress, out var address) && !address.Equals(IPAddress.Loopback))
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        var pfx = created.Export(X509ContentType.Pkcs12);
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(path, pfx);
        }

        // Re-import so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.Exportable);
    }

    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));
}
