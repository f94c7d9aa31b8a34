using System.Globalization;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>What the portal writes into a container's Proxmox config and reads back from it, and the DNS records a game needs.</summary>
public static class ContainerFacts
{
    public static SrvRecord? SrvFor(Template template) =>
        template.Game == "minecraft" ? new SrvRecord("_minecraft._tcp", template.GamePort) : null;

    public static string Hostname(HostedServer server) => server.Hostname!.Split('.')[0];

    public static int? ServerIdIn(string? description)
    {
        var line = description?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("zlh-server-id:", StringComparison.Ordinal));
        return line is not null && int.TryParse(line["zlh-server-id:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

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
}
