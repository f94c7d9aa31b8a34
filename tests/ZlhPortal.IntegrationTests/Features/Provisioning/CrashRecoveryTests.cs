using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Features.Provisioning;

/// <summary>
/// A separate portal process (with its embedded simulator) is killed with SIGKILL while a clone runs, and started again
/// on the same data folder: the server ends Running with exactly one container and one set of DNS records.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string AdminEmail = "crash-admin@example.test";
    private const string AdminPassword = "Crash-Admin-Passw0rd";
    private readonly string data = Directory.CreateTempSubdirectory("zlh-crash-").FullName;
    private PortalProcess? portal;

    private Dictionary<string, string> Settings => new()
    {
        ["Portal__DataDirectory"] = data,
        ["Portal__Admin__Email"] = AdminEmail,
        ["Portal__Admin__Password"] = AdminPassword,
        ["Runtime__Simulator__AgentAddressBlock"] = "127.96.0.0/16",
        ["Runtime__Simulator__TaskDuration"] = "00:00:04",
        ["Runtime__Simulator__InstallDuration"] = "00:00:00.100",
        ["Runtime__Simulator__ProcessStartDuration"] = "00:00:00.100",
        ["Runtime__Simulator__NewGuestStatusDelay"] = "00:00:00",
        ["Provisioning__PollInterval"] = "00:00:00.050",
        ["Portal__RateLimiting__Api__PermitLimit"] = "100000",
        ["Provisioning__TaskTimeout"] = "00:01:00",
    };

    private Task<string> RunCommandAsync(params string[] args) => PortalProcess.RunCommandAsync(data, Settings, args);

    private async Task<HttpClient> StartPortalAsync()
    {
        portal?.Dispose();
        portal = await PortalProcess.StartAsync(data, Settings);
        return portal.Http;
    }

    [Fact]
    public async Task A_portal_killed_mid_clone_and_restarted_converges_to_one_running_server()
    {
        var http = await StartPortalAsync();
        const string customer = "crash-customer@example.test";
        await RunCommandAsync("users", "create", "--email", customer, "--role", "Customer");
        // Admin tokens need two-factor authentication; switch it on directly, as if the admin had set it up.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "portal.db")}"))
        {
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE AspNetUsers SET TwoFactorEnabled = 1 WHERE NormalizedEmail = $email";
            update.Parameters.AddWithValue("$email", AdminEmail.ToUpperInvariant());
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var token = (await RunCommandAsync("tokens", "create", "--email", AdminEmail, "--name", "crash")).TrimEnd().Split('\n')[^1].Trim();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await http.PostAsJsonAsync("/api/v1/admin/servers", new { ownerEmail = customer, plan = "game-small", template = "minecraft-paper", name = "Crash Test" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await Eventually.UntilAsync(() => ServerAsync(http, id), s => Step(s, "Clone") == "Running", TimeSpan.FromSeconds(30), "clone running");
        await portal!.KillAsync();

        http = await StartPortalAsync();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var server = await Eventually.UntilAsync(() => ServerAsync(http, id), s => s.GetProperty("status").GetString() is "Running" or "Failed",
            TimeSpan.FromSeconds(90), "server running after restart");

        Assert.Equal("Running", server.GetProperty("status").GetString());
        var hostname = server.GetProperty("hostname").GetString()!;
        // The simulator saves its state file shortly after each change; wait until it holds the SRV record too.
        var state = await Eventually.UntilAsync(
            async () => JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "simulator", "state.json"))).RootElement,
            s => s.GetProperty("DnsRecords").EnumerateArray().Any(r => r.GetProperty("Type").GetString() == "SRV" && r.GetProperty("Name").GetString()!.EndsWith(hostname)),
            TimeSpan.FromSeconds(30), "state file with the DNS records");
        var containers = state.GetProperty("Containers").EnumerateObject().Select(c => c.Value)
            .Where(c => c.GetProperty("Description").GetString()?.Contains($"zlh-server-id: {id}\n") == true).ToList();
        Assert.Equal(server.GetProperty("vmid").GetInt32(), Assert.Single(containers).GetProperty("Vmid").GetInt32());
        var records = state.GetProperty("DnsRecords").EnumerateArray().Where(r => r.GetProperty("Name").GetString()!.EndsWith(hostname)).ToList();
        Assert.Single(records, r => r.GetProperty("Type").GetString() == "A");
        Assert.Single(records, r => r.GetProperty("Type").GetString() == "SRV");
    }

    private static async Task<JsonElement> ServerAsync(HttpClient http, int id)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/servers");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("server")).Single(s => s.GetProperty("id").GetInt32() == id);
    }

    private static string? Step(JsonElement server, string name) =>
        server.GetProperty("steps").EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == name).GetProperty("state").GetString();

    public void Dispose()
    {
        portal?.Dispose();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
