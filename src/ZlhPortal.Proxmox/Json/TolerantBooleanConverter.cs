using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Json;

/// <summary>Proxmox sends booleans as 0/1 (sometimes as strings); accept those and real JSON booleans.</summary>
internal sealed class TolerantBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number => reader.TryGetInt64(out var n) ? n != 0 : reader.GetDouble() != 0,
            JsonTokenType.String => reader.GetString()?.Trim().ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "on" => true,
                _ => false,
            },
            _ => false,
        };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value ? 1 : 0);
}
