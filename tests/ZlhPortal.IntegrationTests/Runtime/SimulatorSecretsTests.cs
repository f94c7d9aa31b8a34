using ZlhPortal.Proxmox;
using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>A simulator's API token and root password are its data folder's own, not values anyone could know.</summary>
public sealed class SimulatorSecretsTests : IDisposable
{
    private const string WellKnownToken = "root@pam!zlhportal=00000000-0000-0000-0000-000000000000";
    private readonly string directory = Directory.CreateTempSubdirectory("zlh-sim-secrets-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private SimulatorOptions OptionsIn(string folder)
    {
        var options = SimulatorFixture.TestOptions();
        options.StateFile = Path.Combine(directory, folder, "state.json");
        return options;
    }

    private static async Task<(string Token, string Password, string DnsToken, bool LoggedIn)> SecretsOfAsync(SimulatorHost host)
    {
        var options = SimulatorFixture.ClientOptionsFor(host);
        options.TokenId = null;
        var login = await SimulatorFixture.CreateClient(options).LoginAsync("root@pam", host.RootPassword);
        return (host.ApiToken, host.RootPassword, host.DnsToken, login.IsSuccess);
    }

    [Fact]
    public async Task Each_data_folder_gets_its_own_random_token_and_root_password_and_keeps_them_across_restarts()
    {
        (string Token, string Password, string DnsToken, bool LoggedIn) first, again, other;
        await using (var host = await SimulatorHost.StartAsync(OptionsIn("a")))
        {
            first = await SecretsOfAsync(host);
        }

        await using (var host = await SimulatorHost.StartAsync(OptionsIn("a")))
        {
            again = await SecretsOfAsync(host);
        }

        await using (var host = await SimulatorHost.StartAsync(OptionsIn("b")))
        {
            other = await SecretsOfAsync(host);
        }

        Assert.Equal(first, again);
        Assert.True(first.LoggedIn);
        Assert.NotEqual(first.Token, other.Token);
        Assert.NotEqual(first.Password, other.Password);
        Assert.NotEqual(first.DnsToken, other.DnsToken);
        Assert.DoesNotContain(WellKnownToken, new[] { first.Token, other.Token });
        Assert.DoesNotContain("zlhportal", new[] { first.Password, other.Password });
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "a", "simulator-secrets.json")));
        }
    }

    [Fact]
    public async Task A_secrets_file_from_before_the_velocity_bridge_keeps_its_secrets_and_gains_a_bridge_secret()
    {
        var options = OptionsIn("old");
        var file = Path.Combine(directory, "old", "simulator-secrets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, """
            { "apiToken": "root@pam!zlhportal=kept-secret", "rootPassword": "kept-password", "dnsToken": "kept-dns-token" }
            """);

        string bridgeSecret;
        await using (var host = await SimulatorHost.StartAsync(options))
        {
            Assert.Equal(("root@pam!zlhportal=kept-secret", "kept-password", "kept-dns-token"), (host.ApiToken, host.RootPassword, host.DnsToken));
            bridgeSecret = host.VelocitySecret;
        }

        await using var again = await SimulatorHost.StartAsync(options);

        Assert.Matches("^[0-9a-f]{64}$", bridgeSecret);
        Assert.Equal(bridgeSecret, again.VelocitySecret);
        Assert.Contains(bridgeSecret, File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standalone_simulator_makes_its_own_token_unless_given_one_and_a_given_token_and_password_win()
    {
        string[] common = ["--ApiPort=0", "--DnsPort=0", "--BridgePort=0", "--EdgeAddress=127.0.0.1", "--EdgePort=0", "--AuthFailureDelay=00:00:00"];
        string made;
        await using (var host = await SimulatorHost.StartAsync(SimulatorProgram.ReadOptions([.. common, $"--AgentAddressBlock={SimulatorFixture.UniqueAgentBlock()}"], directory)))
        {
            made = host.ApiToken;
        }

        var given = SimulatorProgram.ReadOptions(
            [.. common, $"--AgentAddressBlock={SimulatorFixture.UniqueAgentBlock()}", "--ApiToken=ops@pve!sim=chosen-secret", "--RootPassword=chosen-password"], directory);
        await using var chosen = await SimulatorHost.StartAsync(given);
        var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(chosen));

        Assert.NotEqual(WellKnownToken, made);
        Assert.Equal(("ops@pve!sim", "chosen-secret", "chosen-password"), (chosen.ApiTokenId, chosen.ApiTokenSecret, chosen.RootPassword));
        Assert.True((await client.Nodes.GetAsync()).IsSuccess);
    }
}
