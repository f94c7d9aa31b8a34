using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Json;

internal sealed class TolerantInt32Converter : JsonConverter<int>
{
    private static readonly TolerantInt64Converter Inner = new();

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        (int)Math.Clamp(Inner.Read(ref reader, typeof(long), options), int.MinValue, int.MaxValue);

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
