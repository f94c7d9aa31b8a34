namespace ZlhPortal.Web.Features.Settings;

/// <summary>Settings checked against a game's schema: the typed values, and per field why a value was refused.</summary>
public sealed record SettingsValidation(IReadOnlyDictionary<string, object?> Values, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
