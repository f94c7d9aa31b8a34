using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Json;

/// <summary>Byte counts and ids arrive as integers, strings ("105") or, from RRD averages, fractions.</summary>
internal sealed class TolerantInt64Converter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var n) ? n : (long)reader.GetDouble();
            case JsonTokenType.String:
                var text = reader.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    return l;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : 0;
            case JsonTokenType.True:
                return 1;
            default:
                return 0;
        }
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
