using System.Security.Cryptography;
using System.Text.Json;

namespace ZlhPortal.Simulator;

/// <summary>
/// The API token, <c>root@pam</c> password, DNS token and Velocity bridge secret a simulator accepts. Configured values win; the others are
/// random, made at the first start and kept in <c>simulator-secrets.json</c> next to the state file (readable by its
/// owner only), so a restart accepts what callers were given; without a state file they are new at every start.
/// Well-known values would let anyone on the machine drive the simulator. A file from before a secret existed gets that
/// one added and is written back.
/// </summary>
internal sealed record SimulatorSecrets(string ApiToken, string RootPassword, string DnsToken, string BridgeSecret)
{
    public const string FileName = "simulator-secrets.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static SimulatorSecrets Resolve(SimulatorOptions options, string? path)
    {
        var kept = path is null ? New() : LoadOrCreate(path);
        return new SimulatorSecrets(
            string.IsNullOrEmpty(options.ApiToken) ? kept.ApiToken : options.ApiToken,
            string.IsNullOrEmpty(options.RootPassword) ? kept.RootPassword : options.RootPassword,
            string.IsNullOrEmpty(options.DnsToken) ? kept.DnsToken : options.DnsToken,
            string.IsNullOrEmpty(options.BridgeSecret) ? kept.BridgeSecret : options.BridgeSecret);
    }

    private static SimulatorSecrets New() => new(
        $"root@pam!zlhportal={Guid.NewGuid()}",
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_'),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        NewBridgeSecret());

    private static string NewBridgeSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static SimulatorSecrets LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var read = Read(path);
            if (!string.IsNullOrEmpty(read.BridgeSecret))
            {
                return read;
            }

            var completed = read with { BridgeSecret = NewBridgeSecret() };
            Write(path, completed, overwrite: true);
            return completed;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var created = New();
        try
        {
            // Whole or not at all; if another simulator on the same folder got there first, its secrets are the folder's.
            Write(path, created, overwrite: false);
            return created;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Read(path);
        }
    }

    private static void Write(string path, SimulatorSecrets secrets, bool overwrite)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, file))
        {
            JsonSerializer.Serialize(stream, secrets, Json);
        }

        try
        {
            File.Move(temporary, path, overwrite);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static SimulatorSecrets Read(string path)
    {
        var read = JsonSerializer.Deserialize<SimulatorSecrets>(File.ReadAllText(path), Json);
        return read is { ApiToken.Length: > 0, RootPassword.Length: > 0, DnsToken.Length: > 0 } && read.ApiToken.Contains('=', StringComparison.Ordinal)
            ? read
            : throw new InvalidDataException($"{path} does not hold the simulator's secrets; delete it to make new ones.");
    }
}
