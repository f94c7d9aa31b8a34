namespace ZlhPortal.Web.Features.Catalog;

/// <summary>The catalog a fresh portal starts with, matching the runtime simulator's base templates.</summary>
public static class CatalogSeed
{
    public static Plan[] Plans { get; } =
    [
        new() { Id = 1, Slug = "game-small", Description = "For a few friends: Minecraft up to 8 players, Terraria, small modpacks.", Name = "Game S", Kind = ServerKind.Game, Cores = 2, MemoryMb = 4096, DiskGb = 20, BackupSlots = 1, MonthlyPriceMinor = 699, DisplayOrder = 1 },
        new() { Id = 2, Slug = "game-medium", Description = "For a community: Minecraft up to 20 players, Valheim, light modpacks.", Name = "Game M", Kind = ServerKind.Game, Cores = 3, MemoryMb = 6144, DiskGb = 30, BackupSlots = 2, MonthlyPriceMinor = 1199, DisplayOrder = 2 },
        new() { Id = 3, Slug = "game-large", Description = "For big worlds and heavy modpacks, up to 40 players.", Name = "Game L", Kind = ServerKind.Game, Cores = 4, MemoryMb = 8192, DiskGb = 50, BackupSlots = 3, MonthlyPriceMinor = 1899, DisplayOrder = 3 },
        new() { Id = 4, Slug = "dev-small", Description = "A Node.js, Python or Go workspace with a browser IDE.", Name = "Dev S", Kind = ServerKind.Dev, Cores = 2, MemoryMb = 2048, DiskGb = 20, BackupSlots = 1, MonthlyPriceMinor = 499, DisplayOrder = 4 },
        new() { Id = 5, Slug = "dev-medium", Description = "Room for .NET builds, databases and bigger projects.", Name = "Dev M", Kind = ServerKind.Dev, Cores = 4, MemoryMb = 4096, DiskGb = 40, BackupSlots = 2, MonthlyPriceMinor = 999, DisplayOrder = 5 },
    ];

    public static Template[] Templates { get; } =
    [
        Game(1, "minecraft-paper", "Minecraft (Paper)", 200, "minecraft", "paper", "1.21.4", 25565, 4096, 16, 1, "tcp", ["1.21.4", "1.21.3", "1.21.1", "1.20.6", "1.20.4", "1.19.4"]),
        Game(2, "minecraft-vanilla", "Minecraft (Vanilla)", 201, "minecraft", "vanilla", "1.21.4", 25565, 4096, 16, 2, "tcp", ["1.21.4", "1.21.3", "1.21.1", "1.20.6", "1.20.4", "1.19.4"]),
        Game(3, "minecraft-fabric", "Minecraft (Fabric)", 202, "minecraft", "fabric", "1.21.4", 25565, 4096, 16, 3, "tcp", ["1.21.4", "1.21.3", "1.21.1", "1.20.6", "1.20.4"]),
        Game(4, "valheim", "Valheim", 210, "valheim", "dedicated", "0.219", 2456, 4096, 20, 4, "udp", ["0.219", "0.218", "0.217"]),
        Game(5, "terraria", "Terraria (TShock)", 220, "terraria", "tshock", "1.4.4", 7777, 2048, 8, 5, "tcp", ["1.4.4", "1.4.3"]),
        Dev(6, "dev-node", "Node.js", 250, "node", "22", 2048, 16, 6, ["22", "20", "18"]),
        Dev(7, "dev-python", "Python", 251, "python", "3.12", 2048, 16, 7, ["3.12", "3.11", "3.10"]),
        Dev(8, "dev-dotnet", ".NET", 252, "dotnet", "10.0", 4096, 20, 8, ["10.0", "9.0", "8.0"]),
        Dev(9, "dev-go", "Go", 253, "go", "1.23", 2048, 16, 9, ["1.23", "1.22", "1.21"]),
    ];

    private static Template Game(int id, string slug, string name, int vmid, string game, string variant, string version, int port, int memory, int disk, int order, string protocol, string[] versions) =>
        new() { Versions = [.. versions], Id = id, Slug = slug, Name = name, Kind = ServerKind.Game, ProxmoxVmid = vmid, Game = game, Variant = variant, DefaultVersion = version, GamePort = port, Protocol = protocol, MinMemoryMb = memory, MinDiskGb = disk, DisplayOrder = order };

    private static Template Dev(int id, string slug, string name, int vmid, string runtime, string version, int memory, int disk, int order, string[] versions) =>
        new() { Versions = [.. versions], Id = id, Slug = slug, Name = name, Kind = ServerKind.Dev, ProxmoxVmid = vmid, Game = runtime, Variant = "", DefaultVersion = version, MinMemoryMb = memory, MinDiskGb = disk, DisplayOrder = order };
}
