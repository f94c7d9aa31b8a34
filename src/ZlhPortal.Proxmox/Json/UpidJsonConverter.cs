using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Json;

/// <summary>Reads a UPID string; anything else (vzdump answers "OK" on the wrong node) becomes null.</summary>
public sealed class UpidJsonConverter : JsonConverter<Upid>
{
    public override Upid? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Upid.TryParse(reader.GetString(), out var upid) ? upid : null;

    public override void Write(Utf8JsonWriter writer, Upid value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
