using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Catalog;

public sealed class CatalogApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Plans_are_public_with_stable_slugs_and_prices_in_minor_units()
    {
        var plans = await factory.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/v1/catalog/plans");

        var medium = Assert.Single(plans!, p => p.GetProperty("slug").GetString() == "game-medium");
        Assert.Equal("Game", medium.GetProperty("kind").GetString());
        Assert.Equal(1199, medium.GetProperty("monthlyPriceMinor").GetInt64());
        Assert.Equal("EUR", medium.GetProperty("currency").GetString());
        Assert.Contains(plans!, p => p.GetProperty("slug").GetString() == "dev-small");
    }

    [Fact]
    public async Task Templates_list_the_plans_they_fit()
    {
        var templates = await factory.CreateClient().GetFromJsonAsync<JsonElement[]>("/api/v1/catalog/templates");

        var paper = Assert.Single(templates!, t => t.GetProperty("slug").GetString() == "minecraft-paper");
        var fits = paper.GetProperty("plans").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("game-small", fits);
        Assert.DoesNotContain("dev-small", fits);
        var dotnet = Assert.Single(templates!, t => t.GetProperty("slug").GetString() == "dev-dotnet");
        Assert.Equal(["dev-medium"], dotnet.GetProperty("plans").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Unknown_api_paths_answer_404_problem_details()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/catalog/plans", out _));
    }
}
