using System.Text.Json;
using ZlhPortal.Web.Features.Catalog;
using ZlhPortal.Web.Features.Settings;

namespace ZlhPortal.UnitTests.Features.Settings;

public sealed class SettingsSchemaTests
{
    private static readonly IReadOnlyList<SettingField> Minecraft = SettingsSchema.For("minecraft", ServerKind.Game);

    [Fact]
    public void Accepts_valid_values_from_json_and_types_them()
    {
        var result = Validate(new { motd = "  Hello  ", maxPlayers = 50, pvp = false, difficulty = "hard", whitelist = new[] { "Notch", "jeb_", "notch" } });

        Assert.True(result.IsValid);
        Assert.Equal("Hello", result.Values["motd"]);
        Assert.Equal(50, result.Values["maxPlayers"]);
        Assert.Equal(false, result.Values["pvp"]);
        Assert.Equal("hard", result.Values["difficulty"]);
        Assert.Equal(["Notch", "jeb_"], (List<string>)result.Values["whitelist"]!);
    }

    [Theory]
    [InlineData("maxPlayers", "0", "1 to 200")]
    [InlineData("maxPlayers", "\"many\"", "whole number")]
    [InlineData("viewDistance", "64", "3 to 32")]
    [InlineData("difficulty", "\"nightmare\"", "peaceful, easy, normal, hard")]
    [InlineData("pvp", "\"sometimes\"", "true or false")]
    [InlineData("motd", "\"\"", "not be empty")]
    [InlineData("motd", "\"a line\\nand another\"", "control characters")]
    [InlineData("motd", "42", "text")]
    [InlineData("ops", "[\"Steve; op everyone\"]", "not a player name")]
    [InlineData("ops", "\"Steve\"", "list of player names")]
    [InlineData("memoryMaxMb", "8192", "4096 MB")]
    [InlineData("memoryMaxMb", "100", "512 MB")]
    [InlineData("teleport", "true", "no setting")]
    public void Refuses_an_invalid_value_with_a_reason_for_that_field(string field, string json, string reason)
    {
        var result = Validate(JsonDocument.Parse($"{{\"{field}\": {json}}}").RootElement);

        Assert.False(result.IsValid);
        Assert.Contains(reason, Assert.Single(result.Errors[field]));
        Assert.Empty(result.Values);
    }

    [Fact]
    public void Start_memory_may_not_exceed_max_memory_sent_with_it_or_held_already()
    {
        Assert.Contains("2048 MB", Validate(new { memoryMaxMb = 2048, memoryMinMb = 3000 }).Errors["memoryMinMb"][0]);
        var held = new Dictionary<string, object?> { ["memoryMaxMb"] = 1024 };
        Assert.False(SettingsSchema.Validate("minecraft", Minecraft, Input(new { memoryMinMb = 2000 }), held, 4096).IsValid);
        Assert.True(Validate(new { memoryMaxMb = 4096, memoryMinMb = 4096 }).IsValid);
    }

    [Fact]
    public void Reads_what_the_agent_holds_and_falls_back_to_defaults()
    {
        var agent = JsonDocument.Parse("""{"properties":{"motd":"Hi","max-players":"12","pvp":"false","white-list":"garbage"},"whitelist":["Alex"],"xmx_mb":2048}""").RootElement;

        var values = SettingsSchema.Read(Minecraft, agent);

        Assert.Equal(("Hi", 12, false), (values["motd"], values["maxPlayers"], values["pvp"]));
        Assert.Equal(false, values["whitelistEnabled"]);
        Assert.Equal("easy", values["difficulty"]);
        Assert.Equal(["Alex"], (List<string>)values["whitelist"]!);
        Assert.Equal(2048, values["memoryMaxMb"]);
        Assert.Null(values["memoryMinMb"]);
    }

    [Fact]
    public void Sends_server_properties_under_their_own_keys_and_the_rest_as_they_are()
    {
        var body = SettingsSchema.ToAgentBody(Minecraft, new Dictionary<string, object?> { ["maxPlayers"] = 30, ["motd"] = "Hi", ["eula"] = true });

        Assert.Equal(["properties", "eula"], body.Keys);
        Assert.Equal(new Dictionary<string, object?> { ["max-players"] = 30, ["motd"] = "Hi" }, (Dictionary<string, object?>)body["properties"]!);
    }

    [Theory]
    [InlineData("minecraft", "Notch", true)]
    [InlineData("minecraft", "jeb_", true)]
    [InlineData("minecraft", "ab", false)]
    [InlineData("minecraft", "seventeen_letters", false)]
    [InlineData("minecraft", "Steve;stop", false)]
    [InlineData("minecraft", "Steve stop", false)]
    [InlineData("terraria", "Al", true)]
    [InlineData("terraria", "Al\nban x", false)]
    public void Knows_a_player_name_from_anything_that_could_smuggle_a_command(string game, string name, bool valid) =>
        Assert.Equal(valid, SettingsSchema.IsPlayerName(game, name));

    [Fact]
    public void Every_game_in_the_catalog_has_settings_with_defaults_within_their_own_rules()
    {
        foreach (var template in CatalogSeed.Templates)
        {
            var schema = SettingsSchema.For(template.Game, template.Kind);
            Assert.NotEmpty(schema);
            Assert.Equal(schema.Count, schema.Select(f => f.Name).Distinct().Count());
            var defaults = schema.Where(f => f.Default is not null).ToDictionary(f => f.Name, f => f.Default);
            var result = SettingsSchema.Validate(template.Game, schema, defaults, new Dictionary<string, object?>(), 4096);
            Assert.True(result.IsValid, $"{template.Slug}: {string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value[0]}"))}");
        }
    }

    private static SettingsValidation Validate(object input) =>
        SettingsSchema.Validate("minecraft", Minecraft, Input(input), new Dictionary<string, object?>(), 4096);

    private static Dictionary<string, object?> Input(object input)
    {
        var json = input as JsonElement? ?? JsonSerializer.SerializeToElement(input);
        return json.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
    }
}
