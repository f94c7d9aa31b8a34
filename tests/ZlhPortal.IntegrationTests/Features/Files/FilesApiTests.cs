using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Proxmox;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Features.Servers.Lifecycle;

namespace ZlhPortal.IntegrationTests.Features.Files;

/// <summary>The file manager's API: round trips through the server's agent, and everything it must refuse.</summary>
public sealed class FilesApiTests(FilesPortal portal) : IClassFixture<FilesPortal>
{
    private PortalAppFactory Factory => portal.Factory;

    private HttpClient Api => portal.Api;

    private string Files => $"/api/v1/servers/{portal.Server.Id}/files";

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(string folder, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(folder), "path" } };
        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "files", name);
        }

        return form;
    }

    private async Task<JsonElement> ListAsync(string query) => await Api.GetFromJsonAsync<JsonElement>(Files + query);

    [Fact]
    public async Task Text_written_through_the_api_reads_back_and_is_listed_with_its_size_and_time()
    {
        using var put = await Api.PutAsync($"{Files}/content?path=text/server.properties", new StringContent("motd=Hello from the API\n"));
        using var read = await Api.GetAsync($"{Files}/content?path=text/server.properties");
        var listing = await ListAsync("?path=text");

        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal("motd=Hello from the API\n", await read.Content.ReadAsStringAsync());
        Assert.Equal("nosniff", read.Headers.GetValues("X-Content-Type-Options").Single());
        var entry = listing.GetProperty("entries").EnumerateArray().Single();
        Assert.Equal(("server.properties", "text/server.properties", "file"), (entry.GetProperty("name").GetString(), entry.GetProperty("path").GetString(), entry.GetProperty("type").GetString()));
        Assert.Equal(Encoding.UTF8.GetByteCount("motd=Hello from the API\n"), entry.GetProperty("size").GetInt64());
        Assert.True(entry.GetProperty("modified").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Uploaded_binary_files_download_byte_for_byte()
    {
        var region = Enumerable.Range(0, 40_000).Select(i => (byte)(i * 31 % 256)).ToArray();
        byte[] icon = [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0xFF];

        using var upload = await Api.PostAsync($"{Files}/upload", Upload("binary/world", ("r.0.0.mca", region), ("server-icon.png", icon)));
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        using var download = await Api.GetAsync($"{Files}/content?path=binary/world/r.0.0.mca");
        using var image = await Api.GetAsync($"{Files}/content?path=binary/world/server-icon.png");

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(["binary/world/r.0.0.mca", "binary/world/server-icon.png"], uploaded.GetProperty("uploaded").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(region, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(region.Length, download.Content.Headers.ContentLength);
        Assert.Equal(icon, await image.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Folders_are_made_renamed_and_deleted_and_a_taken_name_is_a_conflict()
    {
        using var made = await Api.PostAsJsonAsync($"{Files}/folder", new { path = "moves/plugins" });
        using var again = await Api.PostAsJsonAsync($"{Files}/folder", new { path = "moves/plugins" });
        (await Api.PutAsync($"{Files}/content?path=moves/plugins/config.yml", new StringContent("a: 1\n"))).Dispose();
        (await Api.PutAsync($"{Files}/content?path=moves/taken.txt", new StringContent("x"))).Dispose();
        using var renamed = await Api.PostAsJsonAsync($"{Files}/rename", new { from = "moves/plugins", to = "moves/old-plugins" });
        using var clash = await Api.PostAsJsonAsync($"{Files}/rename", new { from = "moves/old-plugins", to = "moves/taken.txt" });
        var moved = await Api.GetStringAsync($"{Files}/content?path=moves/old-plugins/config.yml");
        using var deleted = await Api.DeleteAsync($"{Files}?path=moves/old-plugins");
        using var gone = await Api.GetAsync($"{Files}/content?path=moves/old-plugins/config.yml");
        using var deletedAgain = await Api.DeleteAsync($"{Files}?path=moves/old-plugins");

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already exists");
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);
        await AssertProblemAsync(clash, HttpStatusCode.Conflict, "already exists");
        Assert.Equal("a: 1\n", moved);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(gone, HttpStatusCode.NotFound, "no such file");
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task A_zipped_folder_extracts_to_the_same_files()
    {
        byte[] level = [1, 2, 3, 0, 250];
        (await Api.PutAsync($"{Files}/content?path=zips/world/level.dat", new ByteArrayContent(level))).Dispose();
        (await Api.PutAsync($"{Files}/content?path=zips/world/data/raids.dat", new StringContent("raids"))).Dispose();

        using var zipped = await Api.PostAsJsonAsync($"{Files}/archive", new { paths = new[] { "zips/world" }, to = "zips/world.zip" });
        using var extracted = await Api.PostAsJsonAsync($"{Files}/extract", new { path = "zips/world.zip", to = "zips/copy" });

        Assert.Equal(HttpStatusCode.Created, zipped.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, extracted.StatusCode);
        Assert.Equal(level, await Api.GetByteArrayAsync($"{Files}/content?path=zips/copy/world/level.dat"));
        Assert.Equal("raids", await Api.GetStringAsync($"{Files}/content?path=zips/copy/world/data/raids.dat"));
    }

    [Fact]
    public async Task A_folder_with_many_entries_comes_in_pages()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 130; i++)
            {
                zip.CreateEntry($"many/player-{i:D3}.dat");
            }
        }

        (await Api.PostAsync($"{Files}/upload", Upload("paging", ("players.zip", buffer.ToArray())))).EnsureSuccessStatusCode();
        (await Api.PostAsJsonAsync($"{Files}/extract", new { path = "paging/players.zip", to = "paging" })).EnsureSuccessStatusCode();

        var first = await ListAsync("?path=paging/many&pageSize=50");
        var third = await ListAsync("?path=paging/many&page=3&pageSize=50");

        Assert.Equal(130, first.GetProperty("total").GetInt32());
        Assert.Equal(50, first.GetProperty("entries").GetArrayLength());
        Assert.Equal("player-000.dat", first.GetProperty("entries")[0].GetProperty("name").GetString());
        Assert.Equal(30, third.GetProperty("entries").GetArrayLength());
        Assert.Equal("player-129.dat", third.GetProperty("entries")[29].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("GET", "/content?path=../../etc/passwd", ". or ..")]
    [InlineData("GET", "?path=world/../../..", ". or ..")]
    [InlineData("DELETE", "?path=..", ". or ..")]
    [InlineData("GET", "/content?path=/etc/passwd", "absolute")]
    [InlineData("PUT", "/content?path=/etc/cron.d/evil", "absolute")]
    public async Task Paths_outside_the_server_directory_are_refused_with_the_reason(string method, string request, string reason)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), Files + request) { Content = method == "PUT" ? new StringContent("x") : null };

        using var response = await Api.SendAsync(message);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, reason);
    }

    [Fact]
    public async Task Renaming_or_uploading_out_of_the_server_directory_is_refused()
    {
        using var rename = await Api.PostAsJsonAsync($"{Files}/rename", new { from = "eula.txt", to = "../eula.txt" });
        using var upload = await Api.PostAsync($"{Files}/upload", Upload("../..", ("evil.sh", [1])));

        await AssertProblemAsync(rename, HttpStatusCode.BadRequest, ". or ..");
        await AssertProblemAsync(upload, HttpStatusCode.BadRequest, ". or ..");
    }

    [Fact]
    public async Task A_link_that_points_outside_is_not_followed()
    {
        await Servers.ControlAsync(Factory, HttpMethod.Post, "files/link", new { vmid = portal.Server.Vmid, path = "links/etc", target = "/etc" });
        await Servers.ControlAsync(Factory, HttpMethod.Post, "files/link", new { vmid = portal.Server.Vmid, path = "links/up", target = "../.." });

        using var read = await Api.GetAsync($"{Files}/content?path=links/etc/passwd");
        using var list = await Api.GetAsync($"{Files}?path=links/up");
        using var write = await Api.PutAsync($"{Files}/content?path=links/up/escaped.txt", new StringContent("x"));

        await AssertProblemAsync(read, HttpStatusCode.BadRequest, "outside");
        await AssertProblemAsync(list, HttpStatusCode.BadRequest, "outside");
        await AssertProblemAsync(write, HttpStatusCode.BadRequest, "outside");
    }

    [Fact]
    public async Task Oversized_uploads_and_edits_are_refused_with_the_limit()
    {
        using var upload = await Api.PostAsync($"{Files}/upload", Upload("big", ("world.zip", new byte[FilesPortal.MaxUploadBytes + 1])));
        using var edit = await Api.PutAsync($"{Files}/content?path=big/server.properties", new ByteArrayContent(new byte[FilesPortal.MaxEditBytes + 1]));
        // Without a length the body is counted on the way and cut off at the limit.
        using var unannounced = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{Files}/content?path=big/chunked.txt")
        {
            Content = new PushStreamContent(new byte[FilesPortal.MaxEditBytes * 2]),
        });
        using var nothing = await Api.GetAsync($"{Files}/content?path=big/chunked.txt");

        await AssertProblemAsync(upload, HttpStatusCode.RequestEntityTooLarge, FilesPortal.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertProblemAsync(edit, HttpStatusCode.RequestEntityTooLarge, FilesPortal.MaxEditBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await AssertProblemAsync(unannounced, HttpStatusCode.RequestEntityTooLarge, FilesPortal.MaxEditBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);
    }

    [Fact]
    public async Task Another_customer_s_server_is_not_found_and_a_caller_without_a_token_is_unauthorized()
    {
        using var stranger = await AccountJourney.ApiClientAsync(Factory, await AccountJourney.CreateAsync(Factory, "Customer"));
        using var anonymous = Factory.CreateClient();

        using var list = await stranger.GetAsync(Files);
        using var read = await stranger.GetAsync($"{Files}/content?path=eula.txt");
        using var write = await stranger.PutAsync($"{Files}/content?path=eula.txt", new StringContent("eula=false"));
        using var upload = await stranger.PostAsync($"{Files}/upload", Upload("", ("x.txt", [1])));
        using var unauthenticated = await anonymous.GetAsync(Files);

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("eula=true\n", await Api.GetStringAsync($"{Files}/content?path=eula.txt"));
    }

    [Fact]
    public async Task The_files_tab_downloads_with_the_cookie_and_uploads_only_with_the_page_s_antiforgery_token()
    {
        using var browser = new PortalClient(Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));
        Assert.Equal(HttpStatusCode.Redirect, (await AccountJourney.LogInAsync(browser, portal.OwnerEmail)).StatusCode);
        using var anonymous = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var page = $"/servers/{portal.Server.Id}/files";

        using var download = await browser.GetAsync($"{page}/download?path=eula.txt");
        using var forged = await browser.Http.PostAsync($"{page}/upload", Upload("forged", ("x.txt", [1])));
        using var notSignedIn = await anonymous.GetAsync($"{page}/download?path=eula.txt");
        using var stored = await Api.GetAsync($"{Files}/content?path=forged/x.txt");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("eula=true\n", await download.Content.ReadAsStringAsync());
        await AssertProblemAsync(forged, HttpStatusCode.BadRequest, "antiforgery");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notSignedIn.StatusCode);
    }

    [Fact]
    public async Task A_stopped_server_or_an_unreachable_agent_answers_503_saying_to_start_it()
    {
        var email = await AccountJourney.CreateAsync(Factory, "Customer");
        var stopped = await Servers.WaitForAsync(Factory, await Servers.CreateAsync(Factory, email, name: "Stopped"), ServerStatus.Running);
        var vanishing = await Servers.WaitForAsync(Factory, await Servers.CreateAsync(Factory, email, name: "Agent Gone"), ServerStatus.Running);
        using var api = await AccountJourney.ApiClientAsync(Factory, email);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var owner = await Servers.UserIdAsync(Factory, email);
            Assert.True((await scope.ServiceProvider.GetRequiredService<ServerLifecycle>().PowerAsync(stopped.Id, owner, PowerAction.Stop)).Accepted);
        }

        await Servers.WaitForAsync(Factory, stopped.Id, ServerStatus.Stopped);
        // The container stops behind the portal's back: it still believes the server runs.
        var proxmox = Factory.Services.GetRequiredService<ProxmoxClient>();
        var stop = await proxmox.Nodes[vanishing.Node!].Lxc[vanishing.Vmid!.Value].Status.Stop.CreateAsync();
        Assert.True((await proxmox.WaitForTaskAsync(stop.Data!, TimeSpan.FromSeconds(30))).IsSuccess);

        using var whileStopped = await api.GetAsync($"/api/v1/servers/{stopped.Id}/files");
        using var agentGone = await api.GetAsync($"/api/v1/servers/{vanishing.Id}/files/content?path=eula.txt");

        await AssertProblemAsync(whileStopped, HttpStatusCode.ServiceUnavailable, "Start the server");
        await AssertProblemAsync(agentGone, HttpStatusCode.ServiceUnavailable, "cannot be reached");
    }

    /// <summary>A body sent without a Content-Length (chunked), as a browser or script streaming a file does.</summary>
    private sealed class PushStreamContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
