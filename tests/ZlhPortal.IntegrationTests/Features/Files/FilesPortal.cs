using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.IntegrationTests.Features.Files;

/// <summary>A portal with small file limits and one running server its owner reaches through the API.</summary>
public sealed class FilesPortal : IAsyncLifetime
{
    public const int MaxEditBytes = 4096;
    public const int MaxUploadBytes = 64 * 1024;

    public PortalAppFactory Factory { get; } = new PortalAppFactory()
        .WithSetting("Files:MaxEditBytes", MaxEditBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("Files:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string OwnerEmail { get; private set; } = "";

    public ServerView Server { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        OwnerEmail = await AccountJourney.CreateAsync(Factory, "Customer");
        Server = await Servers.WaitForAsync(Factory, await Servers.CreateAsync(Factory, OwnerEmail, name: "Files"), ServerStatus.Running);
        Api = await AccountJourney.ApiClientAsync(Factory, OwnerEmail);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
    }
}
