using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using ZlhPortal.EndToEndTests.Infrastructure;
using ZlhPortal.EndToEndTests.Pages;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.EndToEndTests.Features.Files;

public sealed class FilesJourneyTests(BrowserFixture browser) : EndToEndTest(browser)
{
    [Fact]
    public async Task A_customer_uploads_and_downloads_a_file_in_the_files_tab_and_edits_a_text_file_in_the_editor()
    {
        var email = await CreateAccountAsync("builder", "Builder");
        var serverId = await CreateServerAsync(email, "Files World", "game-small", "minecraft-paper");

        await SignInAsync(email);
        await Page.GotoInteractiveAsync($"{Portal.BaseUrl}/servers/{serverId}");
        await Assertions.Expect(Page.Locator("[data-testid=status-chip]")).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Files" }).ClickAsync();
        var rows = Page.Locator("[data-testid=file-row]");
        await Assertions.Expect(rows.Filter(new() { HasText = "server.properties" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // An upload from the computer, listed with its size once it is through.
        await Page.Locator("[data-testid=upload-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "whitelist.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes("[{\"name\":\"Steve\"}]\n"),
        });
        var uploaded = rows.Filter(new() { HasText = "whitelist.json" });
        await Assertions.Expect(uploaded).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(uploaded).ToContainTextAsync("19 B");
        var download = await Page.RunAndWaitForDownloadAsync(() => uploaded.Locator("[data-testid=download-file]").ClickAsync());
        Assert.Equal("whitelist.json", download.SuggestedFilename);
        Assert.Equal("[{\"name\":\"Steve\"}]\n", await File.ReadAllTextAsync((await download.PathAsync())!));

        // A text file opens in the editor; the change is saved through the server's agent.
        await rows.Filter(new() { HasText = "server.properties" }).Locator("[data-testid=file-name]").ClickAsync();
        var editor = Page.Locator("[data-testid=file-editor] .CodeMirror");
        await Assertions.Expect(editor).ToContainTextAsync("motd=A ZeroLagHub server");
        await editor.ClickAsync();
        await Page.Keyboard.PressAsync("ControlOrMeta+a");
        await Page.Keyboard.TypeAsync("motd=Edited in the browser\nmax-players=5\n");
        await Page.Locator("[data-testid=save-file]").ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=file-editor]")).ToHaveCountAsync(0);

        using var api = await ApiClientAsync(email);
        Assert.Equal("motd=Edited in the browser\nmax-players=5\n", await api.GetStringAsync($"/api/v1/servers/{serverId}/files/content?path=server.properties"));
        Assert.Equal("[{\"name\":\"Steve\"}]\n", await api.GetStringAsync($"/api/v1/servers/{serverId}/files/content?path=whitelist.json"));
    }

    /// <summary>A client with a fresh API token of <paramref name="email"/>, made with the CLI as operators do.</summary>
    private async Task<HttpClient> ApiClientAsync(string email)
    {
        var output = new StringWriter();
        Assert.Equal(0, await PortalCli.RunAsync(Portal.Services, ["tokens", "create", "--email", email, "--name", "files"], output, TextWriter.Null));
        var client = new HttpClient { BaseAddress = new Uri(Portal.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", output.ToString().TrimEnd().Split('\n')[^1].Trim());
        return client;
    }
}
