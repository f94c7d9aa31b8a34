using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ZlhPortal.Benchmarks.Circuits;

/// <summary>The portal started as a user starts it (<c>dotnet run</c>), in its own process, on a fresh data folder.</summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;

    private PortalProcess(Process process, string baseUrl, string dataDirectory, TimeSpan startToReady)
    {
        this.process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        StartToReady = startToReady;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public TimeSpan StartToReady { get; }

    public static async Task<PortalProcess> StartAsync(IDictionary<string, string> settings)
    {
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("zlh-bench-").FullName;
        var info = Command("run", "--no-build", "-c", "Release", "--no-launch-profile", "--project", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"));
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Portal__DataDirectory"] = data;
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                if ((await http.GetAsync($"{baseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("The portal did not become ready within 2 minutes.");
            }

            await Task.Delay(20);
        }

        return new PortalProcess(process, baseUrl, data, clock.Elapsed);
    }

    /// <summary>Runs a portal command (e.g. <c>users create</c>) against the same data folder.</summary>
    public async Task RunCommandAsync(params string[] args)
    {
        var info = Command(["run", "--no-build", "-c", "Release", "--no-launch-profile", "--project", Path.Combine(Repository.Root, "src", "ZlhPortal.Web"), "--", .. args]);
        info.Environment["Portal__DataDirectory"] = DataDirectory;
        using var command = Process.Start(info)!;
        command.BeginOutputReadLine();
        command.BeginErrorReadLine();
        await command.WaitForExitAsync();
        if (command.ExitCode != 0)
        {
            throw new InvalidOperationException($"Portal command '{string.Join(' ', args)}' failed with {command.ExitCode}.");
        }
    }

    private static ProcessStartInfo Command(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
