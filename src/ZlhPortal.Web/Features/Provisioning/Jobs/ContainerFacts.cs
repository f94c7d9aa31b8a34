using System.Globalization;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>What the portal writes into a container's Proxmox config and reads back from it.</summary>
public static class ContainerFacts
{
    private const string ServerIdKey = "zlh-server-id:";
    private const string CredentialKey = "zlh-agent-credential:";

    public static string Hostname(HostedServer server) => server.Hostname!.Split('.')[0];

    /// <summary>
    /// The container's description: its server, this portal, and the fingerprint of the agent credential. Never the
    /// credential itself: anyone with <c>VM.Audit</c> on the container, or a copy of its backup, reads the description.
    /// </summary>
    public static string Description(HostedServer server, string instanceTag, string credentialFingerprint) =>
        $"ZeroLagHub server {server.Id}\n{ServerIdKey} {server.Id}\nzlh-instance: {instanceTag}\n{CredentialKey} {credentialFingerprint}";

    public static int? ServerIdIn(string? description) =>
        int.TryParse(ValueIn(description, ServerIdKey), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The fingerprint of the credential the container's agent was given (<c>sha256:…</c>), or null.</summary>
    public static string? CredentialFingerprintIn(string? description) => ValueIn(description, CredentialKey);

    public static int? RootfsSizeGb(string? rootfs)
    {
        var size = rootfs?.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("size=", StringComparison.Ordinal))?[5..];
        if (size is null || size.Length < 2)
        {
            return null;
        }

        var number = double.TryParse(size[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return size[^1] switch
        {
            'G' => (int)number,
            'T' => (int)(number * 1024),
            'M' => (int)(number / 1024),
            _ => null,
        };
    }

    private static string? ValueIn(string? description, string key) =>
        description?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim();
}
