using System.Text.RegularExpressions;

namespace ZlhPortal.UnitTests;

/// <summary>Namespace rules from STYLE.md: Admin may use every feature; no feature uses Admin; the libraries use no portal code.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string SourceRoot = FindSourceRoot();

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
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".razor")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    [Fact]
    public void No_feature_depends_on_the_admin_area()
    {
        var admin = Path.Combine(SourceRoot, "ZlhPortal.Web", "Features", "Admin");
        var offenders = SourceFiles("ZlhPortal.Web")
            .Where(f => !f.StartsWith(admin) && AdminReference().IsMatch(File.ReadAllText(f)))
            .ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("ZlhPortal.Proxmox")]
    [InlineData("ZlhPortal.Simulator")]
    public void The_runtime_libraries_use_no_portal_code(string project)
    {
        var offenders = SourceFiles(project).Where(f => File.ReadAllText(f).Contains("ZlhPortal.Web")).ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"ZlhPortal\.Web\.Features\.Admin\b")]
    private static partial Regex AdminReference();
}
