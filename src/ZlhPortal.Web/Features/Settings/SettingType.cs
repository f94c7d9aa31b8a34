namespace ZlhPortal.Web.Features.Settings;

/// <summary>What kind of value a setting holds (the API writes these in lower case).</summary>
public enum SettingType
{
    Text,
    Number,
    Toggle,

    /// <summary>One of a fixed list of options.</summary>
    Choice,

    /// <summary>A list of player names.</summary>
    Names,

    /// <summary>Memory in MB, within the plan's.</summary>
    Memory,
}
