using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ZlhPortal.UnitTests.Architecture;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.UnitTests;

/// <summary>
/// Who may use whom, as src/ZlhPortal.Web/Parts.md says in its tables (the rules live there, not here), and that the
/// runtime libraries use no portal code. PartRulesTests proves the check on made-up files.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string SourceRoot = FindSourceRoot();

    private static readonly string WebRoot = Path.Combine(SourceRoot, "ZlhPortal.Web");

    /// <summary>Folders of the web project that hold no source of its own.</summary>
    private static readonly HashSet<string> SkippedFolders = ["bin", "obj", "node_modules", "wwwroot"];

    private static PartRules Rules() => PartRules.Parse(File.ReadAllText(Path.Combine(WebRoot, "Parts.md")));

    private static string FindSourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "ZlhPortal.Web")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "src");
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(Path.Combine(SourceRoot, project), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".razor") || f.EndsWith(".csproj"))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    /// <summary>Every .cs and .razor file of the web project, by its path relative to src/ZlhPortal.Web with '/'.</summary>
    private static IEnumerable<string> WebFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".cs") || f.EndsWith(".razor")))
        {
            yield return Path.GetRelativePath(WebRoot, file).Replace(Path.DirectorySeparatorChar, '/');
        }

        foreach (var folder in Directory.EnumerateDirectories(directory).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
        {
            foreach (var file in WebFiles(folder))
            {
                yield return file;
            }
        }
    }

    [Fact]
    public void Every_file_uses_only_the_parts_its_part_may_use()
    {
        var rules = Rules();
        var typeNames = rules.TypeNamesByPart(typeof(PortalOptions).Assembly);

        var violations = WebFiles(WebRoot)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => rules.Violations(f, File.ReadAllText(Path.Combine(WebRoot, f)), typeNames))
            .ToList();

        if (violations.Count > 0)
        {
            Assert.Fail($"{violations.Count} uses break the rules of src/ZlhPortal.Web/Parts.md:\n{string.Join('\n', violations)}");
        }
    }

    [Fact]
    public void Pages_call_feature_services_never_the_database()
    {
        var offenders = WebFiles(WebRoot)
            .Where(f => f.EndsWith(".razor") && DatabaseAccess().IsMatch(File.ReadAllText(Path.Combine(WebRoot, f))))
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>
    /// A feature changes another feature's tables only through that feature's service: no statement of one part adds,
    /// removes or bulk-updates rows of a table another part owns (the owner is the part of the entity's namespace). Writes
    /// through tracked entities are not seen here; reads and joins of other tables are allowed.
    /// </summary>
    [Fact]
    public void Set_based_writes_touch_only_the_writing_part_s_own_tables()
    {
        var rules = Rules();
        var owners = typeof(AppDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .ToDictionary(p => p.Name, p => rules.PartOf(NamespaceFolder(p.PropertyType.GetGenericArguments()[0]))?.Name);
        var offenders = new List<string>();
        foreach (var file in WebFiles(WebRoot).Where(f => f.EndsWith(".cs") && f.StartsWith("Features/")))
        {
            var part = rules.PartOf(file)?.Name;
            foreach (var statement in SourceText.Code(File.ReadAllText(Path.Combine(WebRoot, file)), razor: false).Split(';'))
            {
                if (SetWrite().Match(statement) is { Success: true } write && WriteVerb().IsMatch(statement)
                    && owners.GetValueOrDefault(write.Groups[1].Value) is { } owner && owner != part)
                {
                    offenders.Add($"{file} ({part}) writes {write.Groups[1].Value} ({owner})");
                }
            }
        }

        Assert.Empty(offenders);
    }

    /// <summary>
    /// Every change to account credit runs inside the ledger's one serialisation point (CreditLedger.BeginChangeAsync), so
    /// a new way of adding or spending credit cannot race the others: a file that writes credit entries opens it.
    /// </summary>
    [Fact]
    public void Credit_entries_are_written_only_under_the_ledger_s_lock()
    {
        var writers = WebFiles(WebRoot)
            .Where(f => f.EndsWith(".cs") && CreditWrite().IsMatch(SourceText.Code(File.ReadAllText(Path.Combine(WebRoot, f)), razor: false)))
            .ToList();

        Assert.NotEmpty(writers);
        Assert.DoesNotContain(writers, f => !SourceText.Code(File.ReadAllText(Path.Combine(WebRoot, f)), razor: false).Contains("BeginChangeAsync("));
    }

    [GeneratedRegex(@"\bCreditEntries\.(Add|AddRange)\(")]
    private static partial Regex CreditWrite();

    /// <summary>The folder, relative to the web project, that a type's namespace stands for.</summary>
    private static string NamespaceFolder(Type type) =>
        type.Namespace!.Replace("ZlhPortal.Web.", "").Replace('.', '/') + "/" + type.Name + ".cs";

    [GeneratedRegex(@"\b(AppDbContext|IDbContextFactory)\b")]
    private static partial Regex DatabaseAccess();

    [GeneratedRegex(@"\bdb\.(\w+)\b")]
    private static partial Regex SetWrite();

    [GeneratedRegex(@"\.(Add|AddRange|Remove|RemoveRange|Update|ExecuteUpdateAsync|ExecuteDeleteAsync)\(")]
    private static partial Regex WriteVerb();

    [Fact]
    public void The_rules_name_the_parts_and_nothing_unknown()
    {
        var rules = Rules();

        Assert.Superset(
            new HashSet<string> { "Accounts", "Catalog", "Servers", "Provisioning", "Orders", "Billing", "Consoles", "Admin", "Infrastructure" },
            rules.Parts.Select(p => p.Name).ToHashSet());
        Assert.Superset(new HashSet<string> { "Proxmox", "Simulator" }, rules.OtherNames.Keys.ToHashSet());
        Assert.Equal("Shell", rules.PartOf("Components/App.razor")?.Name);
        Assert.Equal("Program", rules.PartOf("Program.cs")?.Name);
        Assert.Empty(rules.Mistakes());
    }

    [Theory]
    [InlineData("ZlhPortal.Proxmox")]
    [InlineData("ZlhPortal.Simulator")]
    public void The_runtime_libraries_use_no_portal_code(string project)
    {
        var offenders = SourceFiles(project).Where(f => File.ReadAllText(f).Contains("ZlhPortal.Web")).ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_proxmox_client_uses_no_simulator_code()
    {
        var offenders = SourceFiles("ZlhPortal.Proxmox").Where(f => File.ReadAllText(f).Contains("ZlhPortal.Simulator")).ToList();

        Assert.Empty(offenders);
    }
}
