using System.Text;

namespace ZlhPortal.Web.Infrastructure.Web;

/// <summary>
/// Comma-separated values as RFC 4180 has them (CRLF line ends, a field holding a comma, quote or line break in
/// quotes, quotes doubled), safe to open in a spreadsheet: a text cell that starts like a formula gets a leading
/// single quote, so a customer's name such as <c>=HYPERLINK(…)</c> is shown, never run. Plain numbers ("-12.34") stay numbers.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv";

    /// <summary>The whole document: a header line, then one line per row.</summary>
    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var text = new StringBuilder();
        AppendLine(text, header);
        foreach (var row in rows)
        {
            AppendLine(text, row);
        }

        return text.ToString();
    }

    /// <summary>One field as it is written between the commas.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !IsNumber(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void AppendLine(StringBuilder text, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                text.Append(',');
            }

            text.Append(Field(field));
            first = false;
        }

        text.Append("\r\n");
    }

    // A signed decimal such as "-12.34" or "+3": what a spreadsheet reads as a number, never as a formula.
    private static bool IsNumber(string value)
    {
        var digits = value.AsSpan(1);
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? [] : digits[(point + 1)..];
        return value[0] is '-' or '+' && whole.Length > 0 && IsDigits(whole) && (point < 0 || (fraction.Length > 0 && IsDigits(fraction)));
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
