using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZlhPortal.Proxmox;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// The simulator as a separate process, so its memory figures are its own and the client's allocations
/// are measured without the server's.
/// </summary>
public sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly Process process;

    // Given on the command line, as an operator would, rather than read from the simulator's secrets file.
    private static readonly string TokenSecret = Guid.NewGuid().ToString();

    private SimulatorProcess(Process process, Uri apiUrl, string fingerprint)
    {
        this.process = process;
        ApiUrl = apiUrl;
        Fingerprint = fingerprint;
        ClientOptions = new ProxmoxOptions
        {
            BaseUrl = apiUrl.ToString(),
            TokenId = "root@pam!zlhportal",
            TokenSecret = TokenSecret,
            Fingerprint = fingerprint,
            TaskPollInterval = TimeSpan.FromMilliseconds(10),
            TaskPollMaxInterval = TimeSpan.FromMilliseconds(50),
        };
        Control = new HttpClient(ProxmoxClient.CreatePrimaryHandler(ClientOptions)) { BaseAddress = new Uri(apiUrl, "/_sim/") };
        Control.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"PVEAPIToken=root@pam!zlhportal={TokenSecret}");
    }

    public Uri ApiUrl { get; }

    public string Fingerprint { get; }

    public ProxmoxOptions ClientOptions { get; }

    public HttpClient Control { get; }

    public int ProcessId => process.Id;

    public static async Task<SimulatorProcess> StartAsync(params string[] extraArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ZlhPortal.Simulator.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in new[] { "--ApiPort=0", "--DnsPort=0", "--StateFile=", "--TaskDuration=00:00:00", "--AuthFailureDelay=00:00:00", $"--ApiToken=root@pam!zlhportal={TokenSecret}" }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the simulator");
        Uri? api = null;
        string? fingerprint = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ApiLine().Match(line) is { Success: true } a)
            {
                api = new Uri(a.Groups[1].Value);
            }
            else if (FingerprintLine().Match(line) is { Success: true } f)
            {
                fingerprint = f.Groups[1].Value;
            }
            else if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        if (api is null || fingerprint is null)
        {
            process.Kill();
            throw new InvalidOperationException("simulator did not report its address: " + await process.StandardError.ReadToEndAsync());
        }

        // Keep draining output so the child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new SimulatorProcess(process, api, fingerprint);
    }

    public async Task<ProcessFigures> FiguresAsync(bool collect)
    {
        var json = await Control.GetFromJsonAsync<JsonElement>($"process?collect={(collect ? "true" : "false")}");
        return new ProcessFigures(json.GetProperty("workingSetBytes").GetInt64(), json.GetProperty("managedHeapBytes").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"Proxmox VE API\s+(https://\S+)")]
    private static partial Regex ApiLine();

    [GeneratedRegex(@"fingerprint\s+(([0-9A-F]{2}:){31}[0-9A-F]{2})")]
    private static partial Regex FingerprintLine();
}
