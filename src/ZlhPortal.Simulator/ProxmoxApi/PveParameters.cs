using System.Globalization;
using System.Text.RegularExpressions;

namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>
/// Request parameters (query merged over body, as pveproxy does) with schema-style checks that produce
/// the real per-parameter error texts.
/// </summary>
internal sealed class PveParameters(Dictionary<string, string> values)
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => values;

    public bool HasErrors => Errors.Count > 0;

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Flags parameters the schema does not define.</summary>
    public PveParameters Allow(params string[] names)
    {
        foreach (var key in values.Keys)
        {
            if (!names.Contains(key) && !(names.Contains("net[n]") && Regex.IsMatch(key, "^net\\d$")))
            {
                Errors[key] = "property is not defined in schema and the schema does not allow additional properties";
            }
        }

        return this;
    }

    public string? String(string name, bool required = false, string? pattern = null, int maxLength = 0)
    {
        if (!values.TryGetValue(name, out var value))
        {
            if (required)
            {
                Errors[name] = "property is missing and it is not optional";
            }

            return null;
        }

        if (pattern is not null && !Regex.IsMatch(value, pattern))
        {
            Errors[name] = $"value does not match the regex pattern";
            return null;
        }

        if (maxLength > 0 && value.Length > maxLength)
        {
            Errors[name] = $"value may only be {maxLength} characters long";
            return null;
        }

        return value;
    }

    public long? Integer(string name, long min = long.MinValue, long max = long.MaxValue, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Errors[name] = $"type check ('integer') failed - got '{text}'";
            return null;
        }

        if (value < min)
        {
            Errors[name] = $"value must have a minimum value of {min}";
            return null;
        }

        if (value > max)
        {
            Errors[name] = $"value must have a maximum value of {max}";
            return null;
        }

        return value;
    }

    public double? Number(string name, double min, double max)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Errors[name] = $"type check ('number') failed - got '{text}'";
            return null;
        }

        if (value < min || value > max)
        {
            Errors[name] = $"value must have a {(value < min ? "minimum" : "maximum")} value of {(value < min ? min : max)}";
            return null;
        }

        return value;
    }

    /// <summary>Only 1/0 (or JSON true/false, which arrive here as "1"/"0"); the string "true" is rejected as by Proxmox.</summary>
    public bool? Boolean(string name)
    {
        var text = String(name);
        switch (text)
        {
            case null:
                return null;
            case "1":
                return true;
            case "0":
                return false;
            default:
                Errors[name] = $"type check ('boolean') failed - got '{text}'";
                return null;
        }
    }

    public string? Enum(string name, params string[] allowed)
    {
        var text = String(name);
        if (text is not null && !allowed.Contains(text))
        {
            Errors[name] = $"value '{text}' does not have a value in the enumeration '{string.Join(", ", allowed)}'";
            return null;
        }

        return text;
    }
}
