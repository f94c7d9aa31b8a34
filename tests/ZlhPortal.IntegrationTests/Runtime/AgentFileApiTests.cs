using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>The simulated agent's files API: what the portal's file manager is built on.</summary>
public sealed class AgentFileApiTests(SimulatorFixture sim) : IClassFixture<SimulatorFixture>
{
    private async Task<HttpClient> AgentAsync(string name)
    {
        var vmid = await sim.CloneAndStartAsync(200, name);
        var agent = sim.AgentClient(vmid, $"credential-{name}");
        using var config = await agent.PostAsJsonAsync("config", new { vmid, game = "minecraft", variant = "paper", version = "1.21.4", memory_mb = 4096 });
        Assert.Equal(HttpStatusCode.Accepted, config.StatusCode);
        return agent;
    }

    private static async Task<JsonElement> ListAsync(HttpClient agent, string query) =>
        await agent.GetFromJsonAsync<JsonElement>("files" + query);

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task A_listing_shows_folders_first_with_size_and_time_and_pages()
    {
        using var agent = await AgentAsync("files-list");
        for (var i = 0; i < 5; i++)
        {
            (await agent.PutAsync($"files/content?path=many/file-{i}.txt", new ByteArrayContent(new byte[i]))).Dispose();
        }

        using var folder = await agent.PostAsJsonAsync("files/folder", new { path = "many/sub" });
        var root = await ListAsync(agent, "");
        var first = await ListAsync(agent, "?path=many&page=1&pageSize=4");
        var second = await ListAsync(agent, "?path=many&page=2&pageSize=4");

        Assert.Equal(HttpStatusCode.Created, folder.StatusCode);
        var many = root.GetProperty("entries").EnumerateArray().First();
        Assert.Equal(("many", "folder"), (many.GetProperty("name").GetString(), many.GetProperty("type").GetString()));
        Assert.Equal(6, first.GetProperty("total").GetInt32());
        Assert.Equal(["sub", "file-0.txt", "file-1.txt", "file-2.txt"], first.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var last = second.GetProperty("entries").EnumerateArray().Last();
        Assert.Equal("many/file-4.txt", last.GetProperty("path").GetString());
        Assert.Equal(4, last.GetProperty("size").GetInt64());
        Assert.True(last.GetProperty("modified").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Binary_content_comes_back_byte_for_byte()
    {
        using var agent = await AgentAsync("files-binary");
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        using var put = await agent.PutAsync("files/content?path=world/region.mca", new ByteArrayContent(bytes));
        using var read = await agent.GetAsync("files/content?path=world/region.mca");

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("application/octet-stream", read.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await read.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Rename_moves_a_folder_and_refuses_an_existing_target()
    {
        using var agent = await AgentAsync("files-rename");
        (await agent.PutAsync("files/content?path=plugins/a/config.yml", new StringContent("a: 1\n"))).Dispose();

        using var moved = await agent.PostAsJsonAsync("files/rename", new { from = "plugins", to = "old/plugins" });
        using var clash = await agent.PostAsJsonAsync("files/rename", new { from = "eula.txt", to = "ops.json" });
        using var missing = await agent.PostAsJsonAsync("files/rename", new { from = "plugins", to = "x" });

        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        Assert.Equal("a: 1\n", await agent.GetStringAsync("files/content?path=old/plugins/a/config.yml"));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Contains("already exists", await ErrorAsync(clash), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Delete_removes_a_folder_with_everything_in_it()
    {
        using var agent = await AgentAsync("files-delete");
        (await agent.PutAsync("files/content?path=logs/2026/latest.log", new StringContent("x"))).Dispose();

        using var deleted = await agent.DeleteAsync("files?path=logs");
        using var again = await agent.DeleteAsync("files?path=logs");
        var root = await ListAsync(agent, "");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain(root.GetProperty("entries").EnumerateArray(), e => e.GetProperty("name").GetString() == "logs");
    }

    [Fact]
    public async Task A_zip_of_a_folder_extracts_to_the_same_files()
    {
        using var agent = await AgentAsync("files-zip");
        (await agent.PutAsync("files/content?path=world/level.dat", new ByteArrayContent([1, 2, 3, 0, 255]))).Dispose();
        (await agent.PutAsync("files/content?path=world/data/raids.dat", new StringContent("raids"))).Dispose();

        using var zipped = await agent.PostAsJsonAsync("files/archive", new { paths = new[] { "world", "eula.txt" }, to = "backup.zip" });
        using var extracted = await agent.PostAsJsonAsync("files/extract", new { path = "backup.zip", to = "restored" });
        var entries = new ZipArchive(new MemoryStream(await agent.GetByteArrayAsync("files/content?path=backup.zip"))).Entries.Select(e => e.FullName).ToList();

        Assert.Equal(HttpStatusCode.Created, zipped.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, extracted.StatusCode);
        Assert.Contains("world/data/raids.dat", entries);
        Assert.Equal([1, 2, 3, 0, 255], await agent.GetByteArrayAsync("files/content?path=restored/world/level.dat"));
        Assert.Equal("raids", await agent.GetStringAsync("files/content?path=restored/world/data/raids.dat"));
        Assert.Equal("eula=true\n", await agent.GetStringAsync("files/content?path=restored/eula.txt"));
    }

    [Fact]
    public async Task A_zip_whose_entries_climb_out_is_refused_whole()
    {
        using var agent = await AgentAsync("files-zipslip");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("fine.txt");
            zip.CreateEntry("../../escaped.txt");
        }

        (await agent.PutAsync("files/content?path=evil.zip", new ByteArrayContent(buffer.ToArray()))).Dispose();
        using var extracted = await agent.PostAsJsonAsync("files/extract", new { path = "evil.zip", to = "out" });
        using var fine = await agent.GetAsync("files/content?path=out/fine.txt");

        Assert.Equal(HttpStatusCode.BadRequest, extracted.StatusCode);
        Assert.Contains("../../escaped.txt", await ErrorAsync(extracted), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, fine.StatusCode);
    }

    [Theory]
    [InlineData("files/content?path=../server.properties", ". or ..")]
    [InlineData("files/content?path=/etc/passwd", "absolute")]
    [InlineData("files?path=a/../../b", ". or ..")]
    public async Task Paths_that_leave_the_server_directory_are_refused_with_the_reason(string request, string reason)
    {
        using var agent = await AgentAsync("files-refuse-" + Math.Abs(request.GetHashCode(StringComparison.Ordinal) % 10000));

        using var response = await agent.GetAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_is_followed_inside_and_refused_when_it_points_outside()
    {
        var vmid = await sim.CloneAndStartAsync(200, "files-links");
        using var agent = sim.AgentClient(vmid, "credential-links");
        (await agent.PostAsJsonAsync("config", new { vmid, game = "minecraft", variant = "paper", version = "1.21.4", memory_mb = 4096 })).Dispose();
        (await sim.Control.PostAsJsonAsync("files/link", new { vmid, path = "props", target = "server.properties" })).Dispose();
        (await sim.Control.PostAsJsonAsync("files/link", new { vmid, path = "etc", target = "/etc" })).Dispose();
        (await sim.Control.PostAsJsonAsync("files/link", new { vmid, path = "up", target = "../.." })).Dispose();

        var inside = await agent.GetStringAsync("files/content?path=props");
        using var absolute = await agent.GetAsync("files/content?path=etc/passwd");
        using var climbing = await agent.GetAsync("files?path=up");
        using var writeThrough = await agent.PutAsync("files/content?path=up/escaped.txt", new StringContent("x"));
        using var unlink = await agent.DeleteAsync("files?path=etc");
        var root = await ListAsync(agent, "");

        Assert.StartsWith("motd=", inside, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, absolute.StatusCode);
        Assert.Contains("outside", await ErrorAsync(absolute), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, climbing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, writeThrough.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        var link = root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "props");
        Assert.Equal(("link", "server.properties"), (link.GetProperty("type").GetString(), link.GetProperty("target").GetString()));
    }

    [Fact]
    public async Task A_file_over_the_agent_s_limit_is_refused_with_413_and_nothing_is_written()
    {
        var options = SimulatorFixture.TestOptions();
        options.AgentMaxFileBytes = 1024;
        await using var host = await SimulatorHost.StartAsync(options);
        var client = SimulatorFixture.CreateClient(SimulatorFixture.ClientOptionsFor(host));
        var vmid = (await client.Cluster.NextIdAsync(1700)).GetDataOrThrow();
        Assert.True((await client.WaitForTaskAsync((await client.Nodes["pve1"].Lxc[200].CloneAsync(new LxcCloneRequest(vmid) { Hostname = "limits" })).GetDataOrThrow(), TimeSpan.FromSeconds(30))).IsSuccess);
        Assert.True((await client.WaitForTaskAsync((await client.Nodes["pve1"].Lxc[vmid].Status.Start.CreateAsync()).GetDataOrThrow(), TimeSpan.FromSeconds(30))).IsSuccess);
        using var agent = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = host.GetAgentUrl(vmid) };
        agent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "limits");
        (await agent.PostAsJsonAsync("config", new { game = "minecraft", variant = "paper", version = "1.21.4" })).EnsureSuccessStatusCode();

        using var fits = await agent.PutAsync("files/content?path=fits.bin", new ByteArrayContent(new byte[1024]));
        using var tooLarge = await agent.PutAsync("files/content?path=large.bin", new ByteArrayContent(new byte[1025]));
        using var read = await agent.GetAsync("files/content?path=large.bin");

        Assert.Equal(HttpStatusCode.NoContent, fits.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("1024", await ErrorAsync(tooLarge), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }
}
