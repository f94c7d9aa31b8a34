using System.Diagnostics;
using Npgsql;

namespace ZlhPortal.Benchmarks.Runtime;

/// <summary>
/// A throwaway PostgreSQL cluster from tests/postgres.sh (Debian's PostgreSQL, fsync off as for the tests), stopped and
/// deleted on dispose. Databases named in <see cref="ConnectionString"/> are created by the portal when it migrates.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string directory;
    private readonly string server;

    private PostgresCluster(string directory, string server)
    {
        this.directory = directory;
        this.server = server;
    }

    public static async Task<PostgresCluster> StartAsync()
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("zlh-bench-pg-").FullName, "cluster");
        return new PostgresCluster(directory, (await ScriptAsync("start", directory)).Trim().Split('\n')[^1]);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ScriptAsync("stop", directory);
        Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
    }

    private static async Task<string> ScriptAsync(string command, string directory)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(Repository.Root, "tests", "postgres.sh"), command, directory })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tests/postgres.sh {command} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }
}
