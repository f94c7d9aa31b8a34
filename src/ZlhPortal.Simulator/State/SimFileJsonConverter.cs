using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZlhPortal.Simulator.State;

/// <summary>
/// Stores a <see cref="SimFile"/> as <c>{content (base64), modified, folder, link}</c>, and reads the plain text strings
/// state files held before files were kept as bytes, so an existing state file still loads.
/// </summary>
internal sealed class SimFileJsonConverter : JsonConverter<SimFile>
{
    public override SimFile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return SimFile.Text(reader.GetString()!, DateTimeOffset.UnixEpoch);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a file entry must be a string or an object");
        }

        byte[]? content = null;
        var modified = DateTimeOffset.UnixEpoch;
        var folder = false;
        string? link = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "content" when reader.TokenType == JsonTokenType.String:
                    content = reader.GetBytesFromBase64();
                    break;
                case "modified":
                    modified = reader.GetDateTimeOffset();
                    break;
                case "folder":
                    folder = reader.GetBoolean();
                    break;
                case "link" when reader.TokenType == JsonTokenType.String:
                    link = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new SimFile(folder || link is not null ? null : content ?? [], modified, folder, link);
    }

    public override void Write(Utf8JsonWriter writer, SimFile value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Content is { } content)
        {
            writer.WriteBase64String("content", content);
        }

        writer.WriteString("modified", value.Modified);
        if (value.IsFolder)
        {
            writer.WriteBoolean("folder", true);
        }

        if (value.LinkTarget is { } link)
        {
            writer.WriteString("link", link);
        }

        writer.WriteEndObject();
    }
}
