using System.Globalization;
using System.Text.RegularExpressions;

namespace ZlhPortal.IntegrationTests.Infrastructure.Metrics;

/// <summary>One scrape of <c>/metrics</c> in the Prometheus text format, read series by series.</summary>
public sealed partial class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>Values of the series named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<double> Values(string name, params (string Name, string Value)[] labels) =>
        Text.Split('\n')
            .Select(line => Series().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name)
            .Where(m =>
            {
                var present = Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
                return labels.All(l => present.GetValueOrDefault(l.Name) == l.Value);
            })
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>The value of the one series named <paramref name="name"/> with <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) => Assert.Single(Values(name, labels));

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$")]
    private static partial Regex Series();

    [GeneratedRegex("""(\w+)="((?:[^"\\]|\\.)*)"\s*,?""")]
    private static partial Regex Label();
}
