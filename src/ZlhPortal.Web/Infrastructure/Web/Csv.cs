using System.Text;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>
/// Writes RFC 4180 CSV: fields with a comma, quote or line break are quoted (quotes doubled), lines end in CRLF. A text
/// field that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) gets a
/// leading apostrophe, so an exported customer-typed value cannot become a formula in the reader's spreadsheet.
/// </summary>
public sealed class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private readonly StringBuilder text = new();

    public Csv Row(params IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            Append(field ?? "");
        }

        text.Append("\r\n");
        return this;
    }

    public override string ToString() => text.ToString();

    /// <summary>The file as a download: UTF-8 with a byte order mark, which spreadsheets need to read non-ASCII text.</summary>
    public IResult ToFile(string fileName) =>
        Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), ContentType, fileName);

    /// <summary>Whether the request asks for CSV (<c>Accept: text/csv</c> or <c>?format=csv</c>).</summary>
    public static bool Wanted(HttpRequest request) =>
        string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
        || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    private void Append(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(field))
        {
            field = "'" + field;
        }

        if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            text.Append(field);
        }
    }

    private static bool IsNumber(string field) =>
        decimal.TryParse(field, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out _);
}
