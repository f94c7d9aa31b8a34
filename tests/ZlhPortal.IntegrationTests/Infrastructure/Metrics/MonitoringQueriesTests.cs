using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Infrastructure.Metrics;

/// <summary>
/// The Grafana dashboard and the Prometheus alerts in deploy/ against a real scrape: a renamed or misspelt metric
/// would leave a panel empty and an alert silent, without any error.
/// </summary>
[Collection(nameof(MetricsTests))]
public sealed partial class MonitoringQueriesTests
{
    private static readonly HashSet<string> Keywords =
        ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    [Fact]
    public async Task The_dashboard_and_the_alerts_query_what_the_portal_exports_and_the_dashboard_shows_every_portal_metric()
    {
        using var factory = MetricsTests.Portal();
        // Histograms and counters appear once something is recorded: a server is provisioned and a job fails.
        var email = await AccountJourney.CreateAsync(factory, "Customer");
        await Servers.WaitForAsync(factory, await Servers.CreateAsync(factory, email), ServerStatus.Running);
        factory.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Convert.ToInt32("not a number"));
        var scrape = await Eventually.UntilAsync(() => MetricsTests.ScrapeAsync(factory),
            s => s.Values("zlh_jobs_failed_total").Count > 0 && s.Values("zlh_provisioning_duration_seconds_count").Count > 0, what: "every portal metric exported");
        var exported = SeriesNames(scrape.Text);

        var queries = DashboardQueries().Concat(AlertQueries()).ToList();
        Assert.NotEmpty(queries);
        foreach (var (source, expr) in queries)
        {
            // "up" is Prometheus's own, one per target.
            foreach (var name in MetricNames(expr).Where(n => n != "up"))
            {
                Assert.True(exported.Contains(name), $"{source} queries {name}, which the portal does not export: {expr}");
            }
        }

        var shown = DashboardQueries().SelectMany(q => MetricNames(q.Expr)).Select(name => FamilyOf(name, scrape.Text)).ToHashSet();
        var portalFamilies = Families(scrape.Text).Where(f => f.StartsWith("zlh_", StringComparison.Ordinal)).ToList();
        Assert.Empty(portalFamilies.Where(f => !shown.Contains(f)).Select(f => $"the dashboard has no panel for {f}"));
    }

    private static string DeployPath(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ZlhPortal.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new DirectoryNotFoundException("ZlhPortal.sln not found above the test folder."), "deploy", .. parts]);
    }

    private static IEnumerable<(string Source, string Expr)> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DeployPath("grafana", "dashboards", "zlhportal.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => ($"dashboard panel \"{panel.GetProperty("title").GetString()}\"", target.GetProperty("expr").GetString()!)))
            .ToList();
    }

    private static IEnumerable<(string Source, string Expr)> AlertQueries()
    {
        var rules = new YamlStream();
        using (var reader = File.OpenText(DeployPath("prometheus", "alerts.yml")))
        {
            rules.Load(reader);
        }

        return ((YamlSequenceNode)rules.Documents.Single().RootNode["groups"]).Children
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Children)
            .Select(rule => ($"alert {((YamlScalarNode)rule["alert"]).Value}", ((YamlScalarNode)rule["expr"]).Value!))
            .ToList();
    }

    /// <summary>The metric names a PromQL expression selects: what is left without strings, label matchers, ranges,
    /// grouping clauses, function calls and keywords.</summary>
    private static IEnumerable<string> MetricNames(string expr)
    {
        var bare = Grouping().Replace(MatchersAndRanges().Replace(StringLiteral().Replace(expr, "\"\""), " "), " ");
        return Identifier().Matches(bare)
            .Where(m => !bare[(m.Index + m.Length)..].TrimStart().StartsWith('(') && !Keywords.Contains(m.Value))
            .Select(m => m.Value)
            .Distinct();
    }

    private static HashSet<string> SeriesNames(string scrape) =>
        scrape.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')).Select(line => SeriesName().Match(line).Value).ToHashSet();

    private static IEnumerable<string> Families(string scrape) =>
        scrape.Split('\n').Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(line => line.Split(' ')[2]);

    /// <summary>A histogram's series (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>) belong to the histogram's family.</summary>
    private static string FamilyOf(string series, string scrape)
    {
        var histograms = scrape.Split('\n').Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal) && line.EndsWith(" histogram", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[2]);
        return histograms.FirstOrDefault(h => series == h + "_bucket" || series == h + "_sum" || series == h + "_count") ?? series;
    }

    [GeneratedRegex("""
        "(?:[^"\\]|\\.)*"
        """)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}|\[[^\]]*\]")]
    private static partial Regex MatchersAndRanges();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w:$.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SeriesName();
}
