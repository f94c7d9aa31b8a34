using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;

namespace ZlhPortal.Simulator.ProxmoxApi;

/// <summary>Reads parameters and writes answers in pveproxy's wire format.</summary>
internal static class PveWire
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Perl's JSON encoder leaves quotes and non-ASCII text alone; so do we.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteAsync(HttpContext context, PveReply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        response.Headers.Server = "pve-api-daemon/3.0";
        response.Headers.CacheControl = "max-age=0";
        response.Headers.Pragma = "no-cache";
        if (reply.Reason is not null)
        {
            // pveproxy puts the error text in the status line, cut to its first line.
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = FirstLine(reply.Reason);
        }

        if (reply.Status >= 400)
        {
            response.Headers.Connection = "close";
        }

        response.ContentType = "application/json;charset=UTF-8";
        var body = new Dictionary<string, object?>(3) { ["data"] = reply.Data };
        if (reply.Errors is not null)
        {
            body["errors"] = reply.Errors;
        }

        if (reply.Status >= 400 && reply.Reason is not null)
        {
            // libpve-http-server-perl >= 5.2.0 repeats the full text in the body.
            body["message"] = reply.Reason + "\n";
        }

        if (reply.Total is not null)
        {
            body["total"] = reply.Total;
        }

        await JsonSerializer.SerializeAsync(response.Body, body, Json, context.RequestAborted);
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return new string(line.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
    }

    /// <summary>Query parameters merged over form or JSON body parameters, JSON booleans mapped to 1/0.</summary>
    /// <returns>Null when the body is not valid JSON.</returns>
    public static async Task<Dictionary<string, string>?> ReadParametersAsync(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (key, value) in form)
            {
                values[key] = value.ToString();
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var document = await TryParseAsync(request);
            if (document is null)
            {
                return null;
            }

            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.True => "1",
                        JsonValueKind.False => "0",
                        JsonValueKind.String => property.Value.GetString()!,
                        _ => property.Value.GetRawText(),
                    };
                }
            }
        }

        foreach (var (key, value) in request.Query)
        {
            values[key] = value.ToString();
        }

        return values;
    }

    private static async Task<JsonDocument?> TryParseAsync(HttpRequest request)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
