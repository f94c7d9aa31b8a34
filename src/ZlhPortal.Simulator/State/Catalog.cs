namespace ZlhPortal.Simulator.State;

/// <summary>The base templates (VMID range 200–299) a fresh simulated cluster starts with.</summary>
internal static class Catalog
{
    public sealed record TemplateDefinition(int Vmid, string Hostname, string Profile, string Kind, string Description, string Tags, int MemoryMb, double DiskGb);

    public static IReadOnlyList<TemplateDefinition> Templates { get; } =
    [
        new(200, "tpl-minecraft-paper", "minecraft-paper", "game", "ZeroLagHub template: Minecraft (Paper)", "game;minecraft;zlh", 4096, 16),
        new(201, "tpl-minecraft-vanilla", "minecraft-vanilla", "game", "ZeroLagHub template: Minecraft (Vanilla)", "game;minecraft;zlh", 4096, 16),
        new(202, "tpl-minecraft-fabric", "minecraft-fabric", "game", "ZeroLagHub template: Minecraft (Fabric)", "game;minecraft;zlh", 4096, 16),
        new(210, "tpl-valheim", "valheim", "game", "ZeroLagHub template: Valheim dedicated server", "game;valheim;zlh", 4096, 20),
        new(220, "tpl-terraria", "terraria", "game", "ZeroLagHub template: Terraria (TShock)", "game;terraria;zlh", 2048, 8),
        new(250, "tpl-dev-node", "dev-node", "dev", "ZeroLagHub template: Node.js dev container", "dev;node;zlh", 2048, 16),
        new(251, "tpl-dev-python", "dev-python", "dev", "ZeroLagHub template: Python dev container", "dev;python;zlh", 2048, 16),
        new(252, "tpl-dev-dotnet", "dev-dotnet", "dev", "ZeroLagHub template: .NET dev container", "dev;dotnet;zlh", 4096, 20),
        new(253, "tpl-dev-go", "dev-go", "dev", "ZeroLagHub template: Go dev container", "dev;go;zlh", 2048, 16),
    ];

    /// <summary>OS templates in <c>local:vztmpl</c>, as <c>content=vztmpl</c> lists them.</summary>
    public static IReadOnlyList<(string File, long Size)> OsTemplates { get; } =
    [
        ("debian-12-standard_12.7-1_amd64.tar.zst", 126_000_000),
        ("ubuntu-24.04-standard_24.04-2_amd64.tar.zst", 141_000_000),
    ];

    public static IReadOnlyList<StorageDefinition> Storages { get; } =
    [
        new("local", "dir", "vztmpl,iso,backup", Shared: false, 100L << 30),
        new("local-lvm", "lvmthin", "rootdir,images", Shared: false, 800L << 30),
        new("ceph-ct", "rbd", "rootdir,images", Shared: true, 4000L << 30),
        new("pbs", "pbs", "backup", Shared: true, 2000L << 30),
    ];

    /// <summary>Where the <c>pbs</c> storage's datastore lives on the backup server, as its error messages name it.</summary>
    public const string PbsDatastorePath = "/mnt/datastore/zlh";

    public sealed record StorageDefinition(string Name, string Type, string Content, bool Shared, long Total);
}
