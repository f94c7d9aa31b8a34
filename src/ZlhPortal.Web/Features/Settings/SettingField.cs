namespace ZlhPortal.Web.Features.Settings;

/// <summary>
/// One setting of a game: its name in the API, how the form labels it, its type and allowed values, its default, and
/// where the agent keeps it (<see cref="AgentKey"/>; <c>properties.</c> keys are lines of Minecraft's server.properties).
/// </summary>
public sealed record SettingField(string Name, string Label, SettingType Type, object? Default, string AgentKey)
{
    public int? Min { get; init; }

    public int? Max { get; init; }

    /// <summary>Longest text, in characters.</summary>
    public int MaxLength { get; init; } = 100;

    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Shown under the field.</summary>
    public string? Help { get; init; }

    /// <summary>Whether the value is a secret the portal never shows back (a server password).</summary>
    public bool Secret { get; init; }
}
