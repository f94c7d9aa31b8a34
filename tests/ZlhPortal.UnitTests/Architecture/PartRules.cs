using System.Reflection;
using System.Text.RegularExpressions;

namespace ZlhPortal.UnitTests.Architecture;

/// <summary>
/// The rules of src/ZlhPortal.Web/Parts.md, read from its tables, and the check of one source file against them. The
/// rules live only in the markdown; this class knows the shape of the tables, not who may use whom.
/// </summary>
public sealed partial class PartRules
{
    /// <summary>The root namespace of the portal; a directory row's namespace is this plus its folder.</summary>
    public const string WebNamespace = "ZlhPortal.Web";

    /// <summary>The part every file may use.</summary>
    public const string Shell = "Shell";

    /// <summary>What a file outside every row's folder may use, besides the Shell.</summary>
    public const string Infrastructure = "Infrastructure";

    private const string NoPart = "no part";

    private PartRules(IReadOnlyList<Part> parts, IReadOnlyDictionary<string, string> otherNames,
        IReadOnlyList<NarrowGrant> narrowGrants, IReadOnlyDictionary<string, IReadOnlyList<string>> pagesMayShow,
        IReadOnlyList<ExceptionRow> exceptions)
    {
        Parts = parts;
        OtherNames = otherNames;
        NarrowGrants = narrowGrants;
        PagesMayShow = pagesMayShow;
        Exceptions = exceptions;
    }

    /// <summary>The rows of the main table.</summary>
    public IReadOnlyList<Part> Parts { get; }

    /// <summary>Names the tables use that are no part of the portal (Proxmox, Simulator), with their namespaces.</summary>
    public IReadOnlyDictionary<string, string> OtherNames { get; }

    public IReadOnlyList<NarrowGrant> NarrowGrants { get; }

    /// <summary>Part → the parts its pages (.razor) may also show.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PagesMayShow { get; }

    public IReadOnlyList<ExceptionRow> Exceptions { get; }

    /// <summary>A row of the main table. <see cref="Folder"/> is relative to src/ZlhPortal.Web and may name a file.</summary>
    public sealed record Part(string Name, string Folder, IReadOnlyList<Grant> MayUse)
    {
        /// <summary>The namespace below <see cref="WebNamespace"/> that the folder holds, e.g. Features.Billing; none for a file.</summary>
        public string? RelativeNamespace { get; } = Folder.EndsWith(".cs", StringComparison.Ordinal) ? null : Folder.Replace('/', '.');
    }

    /// <summary>One name of a "May use" list, with what stands in brackets after it, e.g. Provisioning (capacity only).</summary>
    public sealed record Grant(string Name, string? Qualifier);

    /// <summary>A row of "Narrower grants": of <see cref="Uses"/>, <see cref="Part"/> may name only <see cref="Types"/>.</summary>
    public sealed record NarrowGrant(string Part, string Uses, IReadOnlyList<string> Types);

    /// <summary>A row of "Exceptions": files under <see cref="Folder"/> may also use <see cref="MayAlsoUse"/>.</summary>
    public sealed record ExceptionRow(string Folder, IReadOnlyList<string> MayAlsoUse);

    /// <summary>Every name the tables may mention: the parts and the other names.</summary>
    public IReadOnlySet<string> KnownNames => Parts.Select(p => p.Name).Concat(OtherNames.Keys).ToHashSet(StringComparer.Ordinal);

    public static PartRules Parse(string markdown)
    {
        var tables = Tables(markdown);

        var main = Table(tables, "Part", "Folder", "May use");
        var parts = main.Rows
            .Select(r => new Part(r[main.Column("Part")], r[main.Column("Folder")].TrimEnd('/'),
                List(r[main.Column("May use")]).Select(ParseGrant).ToList()))
            .ToList();

        var narrow = Table(tables, "Part", "Uses", "Only these types");
        var narrowGrants = narrow.Rows
            .Select(r => new NarrowGrant(r[narrow.Column("Part")], r[narrow.Column("Uses")], List(r[narrow.Column("Only these types")])))
            .ToList();

        var pages = Table(tables, "Part", "Pages may also show");
        var pagesMayShow = pages.Rows.ToDictionary(r => r[pages.Column("Part")],
            r => (IReadOnlyList<string>)List(r[pages.Column("Pages may also show")]), StringComparer.Ordinal);

        var exceptionTable = Table(tables, "Files", "May also use");
        var exceptions = exceptionTable.Rows
            .Select(r => new ExceptionRow(r[exceptionTable.Column("Files")].TrimEnd('/'), List(r[exceptionTable.Column("May also use")])))
            .ToList();

        var otherNames = OtherName().Matches(markdown)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["namespace"].Value, StringComparer.Ordinal);

        return new PartRules(parts, otherNames, narrowGrants, pagesMayShow, exceptions);
    }

    /// <summary>Mistakes in the rules themselves: names that are no part, grants that contradict each other.</summary>
    public IReadOnlyList<string> Mistakes()
    {
        var known = KnownNames;
        var partNames = Parts.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var mistakes = new List<string>();

        void Known(string where, string name)
        {
            if (!known.Contains(name))
            {
                mistakes.Add($"{where} names '{name}', which is no part nor one of {string.Join(", ", OtherNames.Keys)}");
            }
        }

        void IsPart(string where, string name)
        {
            if (!partNames.Contains(name))
            {
                mistakes.Add($"{where} names '{name}', which is no row of the main table");
            }
        }

        mistakes.AddRange(Parts.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => $"the main table has {g.Count()} rows for {g.Key}"));
        mistakes.AddRange(Parts.GroupBy(p => p.Folder).Where(g => g.Count() > 1).Select(g => $"the main table gives {g.Key} to {g.Count()} parts"));
        foreach (var part in Parts)
        {
            foreach (var grant in part.MayUse)
            {
                Known($"May use of {part.Name}", grant.Name);
                if (grant.Qualifier is not null && NarrowGrantOf(part.Name, grant.Name) is null)
                {
                    mistakes.Add($"May use of {part.Name} narrows {grant.Name} ({grant.Qualifier}), but no row of Narrower grants says to which types");
                }
            }
        }

        foreach (var grant in NarrowGrants)
        {
            IsPart("Narrower grants", grant.Part);
            Known($"Narrower grants of {grant.Part}", grant.Uses);
            if (Parts.FirstOrDefault(p => p.Name == grant.Part) is { } part && part.MayUse.All(g => g.Name != grant.Uses))
            {
                mistakes.Add($"Narrower grants lets {grant.Part} use {grant.Uses}, which its May use does not list");
            }

            if (grant.Types.Count == 0)
            {
                mistakes.Add($"Narrower grants lets {grant.Part} name no type of {grant.Uses}");
            }
        }

        foreach (var (part, shown) in PagesMayShow)
        {
            IsPart("Pages, where parts meet", part);
            foreach (var name in shown)
            {
                Known($"Pages of {part}", name);
            }
        }

        foreach (var exception in Exceptions)
        {
            foreach (var name in exception.MayAlsoUse)
            {
                Known($"Exception for {exception.Folder}", name);
            }
        }

        return mistakes;
    }

    /// <summary>The part whose folder is the longest prefix of <paramref name="relativePath"/> (relative to src/ZlhPortal.Web, '/'-separated); null for none.</summary>
    public Part? PartOf(string relativePath) =>
        Parts.Where(p => Under(relativePath, p.Folder)).MaxBy(p => p.Folder.Length);

    /// <summary>Type names (generic arity stripped, nested and non-public included) by the part whose namespace holds them.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> TypeNamesByPart(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
        }

        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type?.Namespace is not { } ns || ResolveNamespace(ns) is not { } resolved)
            {
                continue;
            }

            var name = type.Name.Split('`')[0];
            if (Identifier().IsMatch(name))
            {
                (names.TryGetValue(resolved.Part.Name, out var set) ? set : names[resolved.Part.Name] = new HashSet<string>(StringComparer.Ordinal)).Add(name);
            }
        }

        return names.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every use of another part that <paramref name="relativePath"/> may not make, as "path (its part) uses that part",
    /// or "path (its part) uses Part.Type" for a type a narrower grant leaves out. Sorted, each once.
    /// </summary>
    public IReadOnlyList<string> Violations(string relativePath, string text, IReadOnlyDictionary<string, IReadOnlySet<string>> typeNamesByPart)
    {
        var path = relativePath.Replace('\\', '/');
        var part = PartOf(path);
        var partName = part?.Name ?? NoPart;
        var allowed = Allowed(path, part);
        var code = SourceText.Code(text, razor: path.EndsWith(".razor", StringComparison.Ordinal));
        var violations = new SortedSet<string>(StringComparer.Ordinal);

        IReadOnlySet<string> TypesOf(string name) => typeNamesByPart.TryGetValue(name, out var names) ? names : new HashSet<string>();

        void Narrowed(string used, string type, IReadOnlySet<string> granted) =>
            violations.Add($"{path} ({partName}) uses {used}.{type} (only {string.Join(", ", granted)} granted)");

        foreach (Match chain in QualifiedName().Matches(code))
        {
            if (Resolve(chain.Value) is not { } used)
            {
                continue;
            }

            if (!allowed.TryGetValue(used.Name, out var granted))
            {
                violations.Add($"{path} ({partName}) uses {used.Name}");
            }
            else if (granted is not null)
            {
                foreach (var segment in used.Rest.Where(s => TypesOf(used.Name).Contains(s) && !granted.Contains(s)))
                {
                    Narrowed(used.Name, segment, granted);
                }
            }
        }

        // A narrowed part's types may also be named without qualification (a using, an _Imports.razor above): every
        // identifier that is one of its types counts, unless the file's own part has a type of that name.
        var own = part is null ? new HashSet<string>() : TypesOf(part.Name);
        foreach (var (used, granted) in allowed)
        {
            if (granted is null)
            {
                continue;
            }

            var types = TypesOf(used);
            foreach (Match identifier in Word().Matches(code))
            {
                if (types.Contains(identifier.Value) && !granted.Contains(identifier.Value) && !own.Contains(identifier.Value))
                {
                    Narrowed(used, identifier.Value, granted);
                }
            }
        }

        return [.. violations];
    }

    /// <summary>What a file may use: name → null for all of it, or the only type names a narrower grant leaves.</summary>
    private Dictionary<string, IReadOnlySet<string>?> Allowed(string path, Part? part)
    {
        var allowed = new Dictionary<string, IReadOnlySet<string>?>(StringComparer.Ordinal) { [Shell] = null };
        if (part is null)
        {
            allowed[Infrastructure] = null;
            return allowed;
        }

        allowed[part.Name] = null;
        foreach (var grant in part.MayUse)
        {
            var narrow = NarrowGrantOf(part.Name, grant.Name);
            if (!allowed.TryGetValue(grant.Name, out var existing) || existing is not null)
            {
                allowed[grant.Name] = narrow?.Types.ToHashSet(StringComparer.Ordinal);
            }
        }

        var wider = Exceptions.Where(e => Under(path, e.Folder)).SelectMany(e => e.MayAlsoUse);
        if (path.EndsWith(".razor", StringComparison.Ordinal) && PagesMayShow.TryGetValue(part.Name, out var shown))
        {
            wider = wider.Concat(shown);
        }

        foreach (var name in wider)
        {
            allowed[name] = null;
        }

        return allowed;
    }

    private NarrowGrant? NarrowGrantOf(string part, string uses) => NarrowGrants.FirstOrDefault(g => g.Part == part && g.Uses == uses);

    private static bool Under(string path, string folder) =>
        path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>A name that reaches another part, and the segments after that part's namespace.</summary>
    private sealed record Use(string Name, IReadOnlyList<string> Rest);

    /// <summary>
    /// The part or other name a (partly) qualified name in code reaches: ZlhPortal.Web.X…, or X… from Features.,
    /// Infrastructure. or Components. on (the namespaces of the rows' folders), or the namespace of an other name.
    /// </summary>
    private Use? Resolve(string chain)
    {
        var name = chain.StartsWith("global::", StringComparison.Ordinal) ? chain["global::".Length..] : chain;
        foreach (var (other, ns) in OtherNames)
        {
            if (name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal))
            {
                return new Use(other, name[ns.Length..].Split('.', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        // From inside namespace ZlhPortal.Web…, Features.X… and Web.Features.X… reach ZlhPortal.Web.Features.X… too.
        string qualified;
        if (name.StartsWith(WebNamespace + ".", StringComparison.Ordinal))
        {
            qualified = name;
        }
        else if (!name.Contains('.'))
        {
            return null;
        }
        else
        {
            qualified = name.StartsWith("Web.", StringComparison.Ordinal) ? $"ZlhPortal.{name}" : $"{WebNamespace}.{name}";
        }

        return ResolveNamespace(qualified) is { } resolved ? new Use(resolved.Part.Name, resolved.Rest) : null;
    }

    private sealed record Resolved(Part Part, IReadOnlyList<string> Rest);

    /// <summary>The row whose folder's namespace is the longest prefix of a fully qualified <paramref name="name"/>.</summary>
    private Resolved? ResolveNamespace(string name)
    {
        if (!name.StartsWith(WebNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var relative = name[(WebNamespace.Length + 1)..];
        var part = Parts
            .Where(p => p.RelativeNamespace is { } ns && (relative == ns || relative.StartsWith(ns + ".", StringComparison.Ordinal)))
            .MaxBy(p => p.RelativeNamespace!.Length);
        return part is null ? null : new Resolved(part, relative[part.RelativeNamespace!.Length..].Split('.', StringSplitOptions.RemoveEmptyEntries));
    }

    private static Grant ParseGrant(string entry)
    {
        var match = GrantEntry().Match(entry);
        return match.Groups["qualifier"].Success
            ? new Grant(match.Groups["name"].Value.Trim(), match.Groups["qualifier"].Value.Trim())
            : new Grant(entry, null);
    }

    /// <summary>The names of a list cell, split at commas outside brackets; "—" or nothing is the empty list.</summary>
    private static List<string> List(string cell)
    {
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= cell.Length; i++)
        {
            if (i == cell.Length || (cell[i] == ',' && depth == 0))
            {
                var name = cell[start..i].Trim();
                if (name.Length > 0 && name is not ("—" or "–" or "-"))
                {
                    names.Add(name);
                }

                start = i + 1;
            }
            else if (cell[i] == '(')
            {
                depth++;
            }
            else if (cell[i] == ')')
            {
                depth--;
            }
        }

        return names;
    }

    private sealed record MarkdownTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows)
    {
        public int Column(string name) => Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The one table that has all these columns; a missing or doubled table is a mistake in the rules.</summary>
    private static MarkdownTable Table(IReadOnlyList<MarkdownTable> tables, params string[] columns)
    {
        var found = tables.Where(t => columns.All(c => t.Column(c) >= 0)).ToList();
        return found.Count == 1
            ? found[0]
            : throw new FormatException($"Parts.md must have one table with the columns {string.Join(" | ", columns)}; it has {found.Count}.");
    }

    private static List<MarkdownTable> Tables(string markdown)
    {
        var tables = new List<MarkdownTable>();
        var lines = new List<string[]>();

        void Close()
        {
            if (lines.Count > 0)
            {
                var header = lines[0];
                var rows = lines.Skip(1).Where(cells => !cells.All(c => Separator().IsMatch(c))).ToList();
                if (rows.Any(r => r.Length != header.Length))
                {
                    throw new FormatException($"A row of the table | {string.Join(" | ", header)} | has another number of cells than its header.");
                }

                tables.Add(new MarkdownTable(header, rows));
                lines.Clear();
            }
        }

        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('|'))
            {
                lines.Add(line.Trim('|').Split('|').Select(c => c.Replace("`", "").Trim()).ToArray());
            }
            else
            {
                Close();
            }
        }

        Close();
        return tables;
    }

    /// <summary>A dotted name in code, with an optional global:: in front; it starts where no other name or dot ends.</summary>
    [GeneratedRegex(@"(?<![\w.])(?:global::)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<!\w)[A-Za-z_]\w*")]
    private static partial Regex Word();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(?<name>[^()]+?)\s*\((?<qualifier>[^)]*)\)$")]
    private static partial Regex GrantEntry();

    [GeneratedRegex(@"^:?-+:?$")]
    private static partial Regex Separator();

    /// <summary>"**Proxmox** is the client library (`ZlhPortal.Proxmox`)": a bold name, then its namespace in brackets.</summary>
    [GeneratedRegex(@"\*\*(?<name>\w+)\*\*[^*(]*\(`(?<namespace>[A-Za-z_][\w.]*)`\)")]
    private static partial Regex OtherName();
}
