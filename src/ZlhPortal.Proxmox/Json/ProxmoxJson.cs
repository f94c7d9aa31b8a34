using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Json;

/// <summary>Serializer settings for the Proxmox wire format.</summary>
public static class ProxmoxJson
{
    /// <summary>
    /// Case-insensitive names (Proxmox uses lowercase run-together names such as <c>maxmem</c>), numbers and
    /// booleans accepted in any of the forms Proxmox has been seen to send, unknown fields ignored.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new TolerantBooleanConverter());
        options.Converters.Add(new TolerantInt64Converter());
        options.Converters.Add(new TolerantInt32Converter());
        options.Converters.Add(new TolerantStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
