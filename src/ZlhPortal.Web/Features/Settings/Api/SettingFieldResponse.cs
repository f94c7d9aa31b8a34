namespace ZlhPortal.Web.Features.Settings.Api;

/// <summary>One setting in the schema: its name, label, type (text, number, toggle, choice, names, memory) and allowed values.</summary>
public sealed record SettingFieldResponse(
    string Name, string Label, string Type, object? Default, int? Min, int? Max, int? MaxLength, IReadOnlyList<string>? Options, string? Help, bool Secret)
{
    public static SettingFieldResponse From(SettingField field, int planMemoryMb) => new(
        field.Name, field.Label, field.Type.ToString().ToLowerInvariant(), field.Default, field.Min,
        field.Type == SettingType.Memory ? planMemoryMb : field.Max,
        field.Type == SettingType.Text ? field.MaxLength : null,
        field.Type == SettingType.Choice ? field.Options : null, field.Help, field.Secret);
}
