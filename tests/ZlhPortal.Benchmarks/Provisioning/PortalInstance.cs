using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace ZlhPortal.Benchmarks.Provisioning;

/// <summary>
/// One portal instance as its own process (<c>dotnet ZlhPortal.Web.dll</c>, Release), for what only a real process shows:
/// SIGKILL and several instances on one database. It picks its own port and says which; its last output is kept.
/// </summary>
internal sealed partial class PortalInstance : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private PortalInstance(Process process) => this.process = process;

    private static string PortalDll => Path.Combine(Repository.Root, "src", "ZlhPortal.Web", "bin", "Release", "net10.0", "ZlhPortal.Web.dll");

    public int Id => process.Id;

    public HttpClient Http { get; private set; } = null!;

    public string Output => string.Join('\n', output);

    public static async Task<PortalInstance> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var portal = new PortalInstance(Process.Start(Command(environment))!);
        try
        {
            await portal.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
            return portal;
        }
        catch
        {
            portal.Dispose();
            throw;
        }
    }

    /// <summary>Runs a CLI command of the portal to its end and returns what it printed.</summary>
    public static async Task<string> RunCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var command = Process.Start(Command(environment, args))!;
        var error = command.StandardError.ReadToEndAsync();
        var printed = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync();
        return command.ExitCode == 0 ? printed : throw new InvalidOperationException($"'{string.Join(' ', args)}' failed: {printed}{await error}");
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, as a crash or an out-of-memory kill leaves it.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private static ProcessStartInfo Command(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(PortalDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        // Port 0: the portal picks a free port and says which; a port chosen here could be taken before it binds.
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
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
        var clock = Stopwatch.StartNew();
        while (!address.Task.IsCompleted)
        {
            if (process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"The portal did not start listening:\n{Output}");
            }

            await Task.Delay(50);
        }

        Http = new HttpClient { BaseAddress = await address.Task };
        while (true)
        {
            try
            {
                if ((await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"The portal did not become ready:\n{Output}");
            }

            await Task.Delay(100);
        }
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
