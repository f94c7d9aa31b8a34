using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Features.Billing;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Provisioning.Templates;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.IntegrationTests.Features.Catalog;

public sealed class TemplateAdditionTests : IDisposable
{
    private readonly PortalAppFactory factory = new();

    public void Dispose() => factory.Dispose();

    private static TemplateInput Forge(int vmid, string slug = "minecraft-forge", IReadOnlyList<int>? plans = null) =>
        new(slug, "Minecraft (Forge)", ServerKind.Game, vmid, "pve1", "minecraft", "forge", "1.21.1", "1.21.1, 1.20.1", 25565, "tcp", 4096, 16, plans);

    [Fact]
    public async Task A_template_that_is_one_on_the_cluster_is_added_and_offered_for_new_servers()
    {
        await SeedAsync(230, template: true);

        var (template, result) = await AddAsync(Forge(230));

        Assert.True(result.Accepted, result.Message);
        Assert.Equal(230, template!.ProxmoxVmid);
        using var anonymous = factory.CreateClient();
        var listed = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/catalog/templates");
        var forge = listed.EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "minecraft-forge");
        Assert.Equal(["game-small", "game-medium", "game-large"], forge.GetProperty("plans").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["1.21.1", "1.20.1"], (await anonymous.GetFromJsonAsync<string[]>("/api/v1/catalog/templates/minecraft-forge/versions"))!);
    }

    [Fact]
    public async Task A_missing_container_a_container_that_is_no_template_a_vmid_out_of_range_and_duplicates_are_refused_and_nothing_is_saved()
    {
        await SeedAsync(232, template: false);
        var before = await CountAsync();

        var missing = await AddAsync(Forge(231));
        var notTemplate = await AddAsync(Forge(232));
        var outOfRange = await AddAsync(Forge(1050));
        var wrongNode = await AddAsync(Forge(232) with { ProxmoxNode = "pve2" });
        var sameSlug = await AddAsync(Forge(230, slug: "minecraft-paper"));
        var sameVmid = await AddAsync(Forge(200, slug: "paper-again"));
        var smallPlan = await AddAsync(Forge(230, plans: [4]));

        Assert.Contains("There is no container 231 on node pve1", missing.Result.Message, StringComparison.Ordinal);
        Assert.Contains("not a template", notTemplate.Result.Message, StringComparison.Ordinal);
        Assert.Contains("200–299", outOfRange.Result.Message, StringComparison.Ordinal);
        Assert.Contains("There is no container 232 on node pve2", wrongNode.Result.Message, StringComparison.Ordinal);
        Assert.Contains("slug minecraft-paper exists already", sameSlug.Result.Message, StringComparison.Ordinal);
        Assert.Contains("already the template minecraft-paper", sameVmid.Result.Message, StringComparison.Ordinal);
        Assert.Contains("dev plan", smallPlan.Result.Message, StringComparison.Ordinal);
        Assert.All(new[] { missing, notTemplate, outOfRange, wrongNode, sameSlug, sameVmid, smallPlan }, r => Assert.Equal(ServerRequestOutcome.Invalid, r.Result.Outcome));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task With_the_cluster_unreachable_the_template_cannot_be_checked_and_nothing_is_saved()
    {
        await SeedAsync(230, template: true);
        var before = await CountAsync();
        await Servers.ControlAsync(factory, HttpMethod.Put, "faults", new { apiDown = true });

        var (template, result) = await AddAsync(Forge(230));

        Assert.Null(template);
        Assert.Equal(ServerRequestOutcome.Unavailable, result.Outcome);
        Assert.Contains("cannot be checked now", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_template_sold_only_on_named_plans_is_offered_and_ordered_only_on_those()
    {
        await SeedAsync(230, template: true);
        var admin = await AccountJourney.CreateAsync(factory, "Admin");
        await AccountJourney.EnableTwoFactorAsync(factory, admin);
        using var api = await AccountJourney.ApiClientAsync(factory, admin);

        var created = await api.PostAsJsonAsync("/api/v1/admin/templates", new
        {
            slug = "minecraft-forge", name = "Minecraft (Forge)", kind = "game", vmid = 230, node = "pve1", game = "minecraft", variant = "forge",
            defaultVersion = "1.21.1", versions = new[] { "1.21.1", "1.20.1" }, gamePort = 25565, protocol = "tcp", minMemoryMb = 4096, minDiskGb = 16, plans = new[] { 3 },
        });
        var badKind = await api.PostAsJsonAsync("/api/v1/admin/templates", new { slug = "x", kind = "vm", vmid = 230 });
        var duplicate = await api.PostAsJsonAsync("/api/v1/admin/templates", new
        {
            slug = "minecraft-forge", name = "Again", kind = "game", vmid = 230, node = "pve1", game = "minecraft", defaultVersion = "1", versions = new[] { "1" },
            gamePort = 25565, minMemoryMb = 1024, minDiskGb = 8,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["game-large"], (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plans").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("exists already", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var customer = await BillingApiClient.ForAsync(factory, await AccountJourney.CreateAsync(factory, "Customer"));
        var onSmall = await customer.PostAsJsonAsync("/api/v1/orders", new { plan = "game-small", template = "minecraft-forge", name = "Modded" });
        var onLarge = await customer.PostAsJsonAsync("/api/v1/orders", new { plan = "game-large", template = "minecraft-forge", name = "Modded" });

        Assert.Equal(HttpStatusCode.BadRequest, onSmall.StatusCode);
        Assert.Contains("not sold on the Game S plan", await onSmall.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(onLarge.IsSuccessStatusCode, await onLarge.Content.ReadAsStringAsync());
    }

    private Task SeedAsync(int vmid, bool template) =>
        Servers.ControlAsync(factory, HttpMethod.Post, "seed", new { node = "pve1", count = 1, firstVmid = vmid, running = false, profile = "minecraft-paper", template });

    private async Task<(Template? Template, ServerRequestResult Result)> AddAsync(TemplateInput input)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TemplateRegistration>().AddAsync(input);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CatalogAdministration>().ListTemplatesAsync()).Count;
    }
}
