using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>
/// The portal as its own process (<c>dotnet ZlhPortal.Web.dll</c>), for what only a real process shows: SIGKILL,
/// restarts, several instances. It listens on a port it picks itself and says which; its output is kept for failures.
/// </summary>
public sealed partial class PortalProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private PortalProcess(Process process) => this.process = process;

    public static string PortalDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ZlhPortal.sln")))
            {
                directory = directory.Parent;
            }

            return Path.Combine(directory!.FullName, "src", "ZlhPortal.Web", "bin", configuration, "net10.0", "ZlhPortal.Web.dll");
        }
    }

    /// <summary>The portal executable with <paramref name="args"/> (none: the web portal; else a CLI command) and these settings.</summary>
    public static ProcessStartInfo Command(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(PortalDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Port 0: the portal picks a free port and says which; a port chosen here could be taken before it binds.
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Runs a CLI command of the portal to its end; its output, or a failed assertion naming what it printed.</summary>
    public static async Task<string> RunCommandAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var command = Process.Start(Command(workingDirectory, environment, args))!;
        var standardError = command.StandardError.ReadToEndAsync();
        var standardOutput = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync();
        Assert.True(command.ExitCode == 0, $"'{string.Join(' ', args)}' failed: {standardOutput}{await standardError}");
        return standardOutput;
    }

    public int Id => process.Id;

    /// <summary>A client for the portal's address, ready to use once <see cref="StartAsync"/> returned.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The last lines the portal printed.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Starts the portal and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<PortalProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        var portal = new PortalProcess(Process.Start(Command(workingDirectory, environment))!);
        try
        {
            await portal.WaitUntilReadyAsync(timeout ?? TimeSpan.FromSeconds(60));
            return portal;
        }
        catch
        {
            portal.Dispose();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler collect = (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            output.Enqueue(line.Data);
            while (output.Count > 300 && output.TryDequeue(out string? _))
            {
            }

            if (ListeningOn().Match(line.Data) is { Success: true } listening)
            {
                address.TrySetResult(new Uri(listening.Groups[1].Value));
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.UntilAsync(() => Task.FromResult(address.Task.IsCompleted || process.HasExited), done => done, timeout, "portal listening");
        Assert.True(address.Task.IsCompleted, $"The portal exited before it listened:\n{Output}");
        Http = new HttpClient { BaseAddress = await address.Task };
        await Eventually.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, $"The portal exited before it was ready:\n{Output}");
            try
            {
                return (await Http.GetAsync("/health/ready")).StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.OK, timeout, "portal ready");
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as a crash or an out-of-memory kill leaves it.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningOn();

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        Http?.Dispose();
        process.Dispose();
    }
}
