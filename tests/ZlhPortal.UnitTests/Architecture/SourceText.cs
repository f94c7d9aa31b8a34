namespace ZlhPortal.UnitTests.Architecture;

/// <summary>
/// The code of a .cs or .razor file: comments and string and character literals turned into spaces (line breaks kept),
/// so that a name in a doc comment or a message is no dependency. A scanner, not a parser: it knows C#'s comments,
/// regular, verbatim, interpolated (the holes stay code) and raw strings (blanked whole, holes too), and Razor's
/// @* *@ and &lt;!-- --&gt; comments. In a .razor file an attribute value (="…") stays code, because it may hold C#.
/// A regular string ends at the end of its line at the latest, so a stray quote in markup hides one line at most.
/// </summary>
public sealed class SourceText
{
    private readonly string text;
    private readonly bool razor;
    private readonly char[] code;

    private SourceText(string text, bool razor)
    {
        this.text = text;
        this.razor = razor;
        code = text.ToCharArray();
    }

    private enum Stop
    {
        /// <summary>The end of the text.</summary>
        End,

        /// <summary>The '}' that closes an interpolation hole.</summary>
        Brace,

        /// <summary>The '"' that closes a Razor attribute value.</summary>
        Quote,
    }

    public static string Code(string text, bool razor)
    {
        var source = new SourceText(text, razor);
        source.Scan(0, Stop.End);
        return new string(source.code);
    }

    /// <summary>Scans code from <paramref name="i"/> to its stop; returns the index after the stop.</summary>
    private int Scan(int i, Stop stop)
    {
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (stop != Stop.Quote && At(i, "//"))
            {
                i = Blank(i, LineEnd(i));
            }
            else if (stop != Stop.Quote && At(i, "/*"))
            {
                i = Blank(i, After(i + 2, "*/"));
            }
            else if (razor && At(i, "@*"))
            {
                i = Blank(i, After(i + 2, "*@"));
            }
            else if (razor && stop == Stop.End && At(i, "<!--"))
            {
                i = Blank(i, After(i + 4, "-->"));
            }
            else if (stop == Stop.Quote && c == '"' && depth <= 0)
            {
                return i + 1;
            }
            else if (razor && stop == Stop.End && c == '"' && i > 0 && text[i - 1] == '=')
            {
                i = Scan(i + 1, Stop.Quote);
            }
            else if (c == '\'')
            {
                i = CharacterLiteral(i);
            }
            else if (StringLiteral(i) is { } end)
            {
                i = end;
            }
            else if (stop == Stop.Brace && c == '}' && depth <= 0)
            {
                return i + 1;
            }
            else
            {
                depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
                i++;
            }
        }

        return i;
    }

    /// <summary>Blanks the string literal starting at <paramref name="i"/> (prefix included) and returns its end; null when none starts there.</summary>
    private int? StringLiteral(int i)
    {
        var j = i;
        var dollars = 0;
        var verbatim = false;
        while (j < text.Length && text[j] is '$' or '@')
        {
            dollars += text[j] == '$' ? 1 : 0;
            verbatim |= text[j] == '@';
            j++;
        }

        if (j >= text.Length || text[j] != '"')
        {
            return null;
        }

        var quotes = 0;
        while (j + quotes < text.Length && text[j + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3 && !verbatim)
        {
            return Blank(i, After(j + quotes, new string('"', quotes)));
        }

        var segment = i;
        var k = j + 1;
        while (k < text.Length)
        {
            var c = text[k];
            var next = k + 1 < text.Length ? text[k + 1] : '\0';
            if (!verbatim && c == '\\')
            {
                k += 2;
            }
            else if (!verbatim && c == '\n')
            {
                break;
            }
            else if (c == '"' && verbatim && next == '"')
            {
                k += 2;
            }
            else if (c == '"')
            {
                k++;
                break;
            }
            else if (dollars > 0 && c is '{' or '}' && next == c)
            {
                k += 2;
            }
            else if (dollars > 0 && c == '{')
            {
                Blank(segment, k + 1);
                k = Scan(k + 1, Stop.Brace);
                segment = k;
            }
            else
            {
                k++;
            }
        }

        return Blank(segment, Math.Min(k, text.Length));
    }

    /// <summary>Blanks a character literal ('x', '\n', '\u0041') at <paramref name="i"/>; an apostrophe in markup text is none.</summary>
    private int CharacterLiteral(int i)
    {
        if (i + 1 < text.Length && text[i + 1] == '\\')
        {
            var close = text.IndexOf('\'', Math.Min(i + 3, text.Length));
            if (close > 0 && close - i <= 10 && text.IndexOf('\n', i, close - i) < 0)
            {
                return Blank(i, close + 1);
            }
        }
        else if (i + 2 < text.Length && text[i + 2] == '\'' && text[i + 1] is not ('\n' or '\''))
        {
            return Blank(i, i + 3);
        }

        return i + 1;
    }

    private bool At(int i, string s) => string.CompareOrdinal(text, i, s, 0, s.Length) == 0;

    private int LineEnd(int i) => text.IndexOf('\n', i) is var end and >= 0 ? end : text.Length;

    private int After(int start, string terminator) =>
        start >= text.Length ? text.Length : text.IndexOf(terminator, start, StringComparison.Ordinal) is var end and >= 0 ? end + terminator.Length : text.Length;

    private int Blank(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (code[i] is not ('\n' or '\r'))
            {
                code[i] = ' ';
            }
        }

        return to;
    }
}
