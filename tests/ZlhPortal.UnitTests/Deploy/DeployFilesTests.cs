using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using ZlhPortal.Simulator;

namespace ZlhPortal.UnitTests.Deploy;

/// <summary>
/// The files of deploy/ that a tool or the code can check: Prometheus's with promtool (Debian's <c>prometheus</c>
/// package, which tests/run.sh installs when missing), the compose file against the settings the portal and the
/// simulator really read, and the instances against the load balancer and the scrape targets.
/// </summary>
public sealed partial class DeployFilesTests
{
    [Fact]
    public void The_prometheus_config_passes_promtool()
    {
        // Checked as it runs: beside its rule file and the token file compose mounts there (relative paths in the
        // config are its folder's).
        var folder = Directory.CreateTempSubdirectory("zlh-prometheus-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(DeployFiles.PathOf("prometheus"), "*.yml"))
            {
                File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(folder.FullName, "metrics-token"), "token-for-the-check");
            Promtool.AssertSucceeds(folder.FullName, "check", "config", "prometheus.yml");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_alert_rules_pass_promtool() => Promtool.AssertSucceeds(DeployFiles.PathOf("prometheus"), "check", "rules", "alerts.yml");

    [Fact]
    public void Every_dashboard_query_is_valid_promql()
    {
        // promtool parses the queries of rule files: each panel query becomes a recording rule, with a range where
        // Grafana puts its own.
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DeployFiles.PathOf("grafana", "dashboards", "zlhportal.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => (Panel: panel.GetProperty("title").GetString(), Expr: target.GetProperty("expr").GetString()!)))
            .ToList();
        Assert.NotEmpty(queries);
        var rules = string.Join('\n', queries.Select((q, i) =>
            $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(q.Expr.Replace("$__rate_interval", "1m"))}"));

        var folder = Directory.CreateTempSubdirectory("zlh-dashboard-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "dashboard.yml"), $"groups:\n  - name: dashboard\n    rules:\n{rules}\n");
            Promtool.AssertSucceeds(folder.FullName, "check", "rules", "dashboard.yml");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_setting_the_compose_file_gives_a_portal_is_documented_in_the_example_settings()
    {
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(DeployFiles.Root, "appsettings.example.json")).Build();
        var portals = DeployFiles.PortalServices();

        Assert.True(portals.Count >= 2, "compose.yaml should run at least two portal instances (services named portal-…).");
        foreach (var (service, environment) in portals.Select(p => (p, DeployFiles.Environment(p))))
        {
            Assert.Contains("Database__ConnectionString", environment.Keys);
            foreach (var key in environment.Keys.Where(k => !k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)))
            {
                var setting = key.Replace("__", ":", StringComparison.Ordinal);
                Assert.True(example.GetSection(setting).Exists(),
                    $"compose.yaml gives {service} {key}, but appsettings.example.json has no {setting}: a renamed or made-up setting.");
            }
        }
    }

    [Fact]
    public void Every_setting_the_compose_file_gives_the_simulator_is_a_simulator_option()
    {
        var environment = DeployFiles.Environment("simulator");

        Assert.NotEmpty(environment);
        foreach (var key in environment.Keys)
        {
            Assert.StartsWith("ZLHSIM_", key);
            var option = key["ZLHSIM_".Length..].Split("__")[0];
            Assert.True(typeof(SimulatorOptions).GetProperty(option, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null,
                $"compose.yaml gives the simulator {key}, but SimulatorOptions has no {option}.");
        }
    }

    [Fact]
    public void The_env_example_lists_every_variable_the_compose_file_reads_and_no_other()
    {
        var compose = File.ReadAllText(DeployFiles.PathOf("compose.yaml"));
        var read = Interpolated().Matches(compose).Select(m => m.Groups["name"].Value)
            .Concat(DeployFiles.Section("secrets").Values.OfType<Dictionary<string, object?>>().Select(s => (string)s["environment"]!))
            .ToHashSet(StringComparer.Ordinal);
        var listed = File.ReadAllLines(DeployFiles.PathOf(".env.example"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2)[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Empty(read.Except(listed).Select(name => $"compose.yaml reads {name}, which .env.example does not list"));
        Assert.Empty(listed.Except(read).Select(name => $".env.example lists {name}, which compose.yaml never reads"));
    }

    [Fact]
    public void The_load_balancer_and_prometheus_reach_every_portal_instance_and_no_other()
    {
        var traefik = DeployFiles.Yaml(DeployFiles.PathOf("traefik", "dynamic", "portal.yml"));
        var servers = DeployFiles.List(traefik, "http", "services", "portal", "loadBalancer", "servers").Cast<Dictionary<string, object?>>()
            .Select(s => (string)s["url"]!).ToList();
        var prometheus = DeployFiles.Yaml(DeployFiles.PathOf("prometheus", "prometheus.yml"));
        var job = DeployFiles.List(prometheus, "scrape_configs").Cast<Dictionary<string, object?>>().Single(j => (string?)j["job_name"] == "zlhportal");
        var targets = DeployFiles.List(job, "static_configs").Cast<Dictionary<string, object?>>()
            .SelectMany(c => DeployFiles.List(c, "targets").Cast<string>()).ToList();
        var services = DeployFiles.Section("services");
        var portals = DeployFiles.PortalServices();

        foreach (var portal in portals)
        {
            var environment = DeployFiles.Environment(portal);
            var ports = environment["ASPNETCORE_URLS"]!.Split(';').Select(url => new Uri(url.Replace("+", "localhost", StringComparison.Ordinal)).Port).ToList();
            var metricsPort = int.Parse(environment["Metrics__Port"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(metricsPort, ports);
            Assert.Contains($"http://{portal}:{ports.First(p => p != metricsPort)}", servers);
            Assert.Contains($"{portal}:{metricsPort}", targets);
            // A portal in another service's network namespace is reached by that service's alias.
            if (((Dictionary<string, object?>)services[portal]!).GetValueOrDefault("network_mode") is string mode && mode.StartsWith("service:", StringComparison.Ordinal))
            {
                var holder = (Dictionary<string, object?>)services[mode["service:".Length..]]!;
                Assert.Contains(portal, DeployFiles.List(holder, "networks", "default", "aliases").Cast<string>());
            }
        }

        Assert.Equal(portals.Count, servers.Count);
        Assert.Equal(portals.Count, targets.Count);
    }

    [Fact]
    public void Traefik_listens_on_every_pool_port_the_portals_lease_and_reaches_every_ide_gateway()
    {
        var portals = DeployFiles.PortalServices();
        var pools = portals.Select(p => DeployFiles.Environment(p)).Select(e => (First: int.Parse(e["Edge__PortFirst"]!, System.Globalization.CultureInfo.InvariantCulture),
            Last: int.Parse(e["Edge__PortLast"]!, System.Globalization.CultureInfo.InvariantCulture))).Distinct().ToList();
        var (first, last) = Assert.Single(pools);
        var traefik = (Dictionary<string, object?>)DeployFiles.Section("services")["traefik"]!;
        var entryPoints = DeployFiles.List(traefik, "command").Cast<string>()
            .Select(c => Regex.Match(c, @"^--entryPoints\.(?<name>port-[^.]+)\.address=(?<address>.+)$")).Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["address"].Value);
        var published = DeployFiles.List(traefik, "ports").Cast<string>().ToList();

        // The names and addresses the portal's routes use, as "edge traefik-entrypoints" prints them.
        var wanted = Enumerable.Range(first, last - first + 1)
            .SelectMany(port => new[] { (ZlhPortal.Web.Features.Provisioning.Edge.TraefikRoutes.EntryPoint(port, "tcp"), $":{port}/tcp"),
                (ZlhPortal.Web.Features.Provisioning.Edge.TraefikRoutes.EntryPoint(port, "udp"), $":{port}/udp") })
            .ToDictionary(e => e.Item1, e => e.Item2);
        Assert.Equal(wanted.OrderBy(e => e.Key), entryPoints.OrderBy(e => e.Key));
        Assert.Contains($"{first}-{last}:{first}-{last}/tcp", published);
        Assert.Contains($"{first}-{last}:{first}-{last}/udp", published);

        var dynamic = DeployFiles.Yaml(DeployFiles.PathOf("traefik", "dynamic", "portal.yml"));
        var gateways = DeployFiles.List(dynamic, "http", "services", "ide-gateway", "loadBalancer", "servers").Cast<Dictionary<string, object?>>()
            .Select(s => (string)s["url"]!).ToList();
        Assert.Equal(portals.Select(p => $"http://{p}:{new Uri(DeployFiles.Environment(p)["Ides__Listen"]!.Replace("+", "localhost", StringComparison.Ordinal)).Port}").Order(),
            gateways.Order());
    }

    // ${NAME}, ${NAME:-default}, ${NAME:?message}; "$${" is a literal dollar sign.
    [GeneratedRegex(@"(?<!\$)\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Interpolated();

    private static class Promtool
    {
        public static void AssertSucceeds(string folder, params string[] arguments)
        {
            var start = new ProcessStartInfo("promtool", arguments)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception)
            {
                Assert.Fail("promtool is not installed: apt-get install prometheus (tests/run.sh does it when it is missing).");
                return;
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "promtool did not finish within a minute.");
                Assert.True(process.ExitCode == 0,
                    $"promtool {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
            }
        }
    }
}
