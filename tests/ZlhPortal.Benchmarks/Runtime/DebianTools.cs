using System.Diagnostics;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>Outside tools a scenario measures against or drives load with (nginx, wrk, hey): Debian packages, installed when missing (needs root).</summary>
internal static class DebianTools
{
    /// <summary>Makes sure <paramref name="executable"/> exists, installing <paramref name="package"/> with apt-get when it does not.</summary>
    public static async Task EnsureAsync(string executable, string package)
    {
        if (File.Exists(executable))
        {
            return;
        }

        Console.WriteLine($"installing Debian's {package}...");
        if ((await RunAsync("apt-get", $"install -y -qq {package}")).ExitCode != 0)
        {
            await RunAsync("apt-get", "update -qq");
            var retry = await RunAsync("apt-get", $"install -y -qq {package}");
            if (retry.ExitCode != 0)
            {
                throw new InvalidOperationException($"apt-get install {package} failed: {retry.Error}");
            }
        }
    }

    /// <summary>Runs a program to its end; returns its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, error.Trim());
    }

    /// <summary>Runs a program to its end with its arguments given one by one (no shell quoting).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, error.Trim());
    }
}
