using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.UnitTests.Features.Catalog;

public sealed class TemplateRulesTests
{
    private static readonly Plan Small = new() { Id = 1, Kind = ServerKind.Game, MemoryMb = 4096, DiskGb = 20 };
    private static readonly Plan Large = new() { Id = 3, Kind = ServerKind.Game, MemoryMb = 8192, DiskGb = 50 };
    private static readonly Plan Dev = new() { Id = 4, Kind = ServerKind.Dev, MemoryMb = 8192, DiskGb = 50 };

    private static TemplateInput Forge() =>
        new("minecraft-forge", "Minecraft (Forge)", ServerKind.Game, 230, "pve1", "minecraft", "forge", "1.21.1", "1.21.1, 1.20.1", 25565, "tcp", 4096, 16, []);

    [Fact]
    public void Without_named_plans_a_template_fits_every_plan_of_its_kind_that_is_big_enough()
    {
        var template = new Template { Kind = ServerKind.Game, MinMemoryMb = 6144, MinDiskGb = 16 };

        Assert.False(template.Fits(Small));
        Assert.True(template.Fits(Large));
        Assert.False(template.Fits(Dev));
    }

    [Fact]
    public void Named_plans_limit_a_template_to_those_and_never_below_its_size()
    {
        var onlyLarge = new Template { Kind = ServerKind.Game, MinMemoryMb = 1024, MinDiskGb = 8, AllowedPlanIds = [3] };
        var tooSmall = new Template { Kind = ServerKind.Game, MinMemoryMb = 6144, MinDiskGb = 8, AllowedPlanIds = [1] };

        Assert.False(onlyLarge.Fits(Small));
        Assert.True(onlyLarge.Fits(Large));
        Assert.False(tooSmall.Fits(Small));
    }

    [Fact]
    public void A_new_template_needs_a_slug_node_game_versions_with_the_default_among_them_and_a_port_for_games()
    {
        Assert.Null(CatalogAdministration.CheckTemplate(Forge()));
        Assert.Contains("slug", CatalogAdministration.CheckTemplate(Forge() with { Slug = "Forge!" }));
        Assert.Contains("node", CatalogAdministration.CheckTemplate(Forge() with { ProxmoxNode = "pve 1" }));
        Assert.Contains("game", CatalogAdministration.CheckTemplate(Forge() with { Game = "" }));
        Assert.Contains("default version", CatalogAdministration.CheckTemplate(Forge() with { DefaultVersion = "1.19" }));
        Assert.Contains("port", CatalogAdministration.CheckTemplate(Forge() with { GamePort = 0 }));
        Assert.Null(CatalogAdministration.CheckTemplate(Forge() with { Kind = ServerKind.Dev, Game = "node", GamePort = 0 }));
        Assert.Contains("tcp or udp", CatalogAdministration.CheckTemplate(Forge() with { Protocol = "sctp" }));
    }
}
