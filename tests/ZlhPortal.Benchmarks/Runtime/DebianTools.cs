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
        if ((await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", package])).ExitCode != 0)
        {
            await ChildProcess.RunAsync("apt-get", ["update", "-qq"]);
            var retry = await ChildProcess.RunAsync("apt-get", ["install", "-y", "-qq", package]);
            if (retry.ExitCode != 0)
            {
                throw new InvalidOperationException($"apt-get install {package} failed: {retry.Error}");
            }
        }
    }
}
