using System.Net.WebSockets;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Consoles.Sessions;
using ZlhPortal.Web.Features.Consoles;
using ZlhPortal.Web.Infrastructure.Auth;

namespace ZlhPortal.IntegrationTests.Features.Consoles;

/// <summary>
/// An idle console outlives the proxy's activity timeout because the proxy pings the browser. Timings are shrunk
/// (timeout 3 s, pings every 0.5 s: a stall of the busy test machine shorter than the timeout must not matter) and the portal runs on the real clock, since the pings are timer-driven.
/// </summary>
public sealed class ConsoleKeepAliveTests : IDisposable
{
    private readonly PortalAppFactory factory = new PortalAppFactory()
        .WithSetting("Consoles:ActivityTimeout", "00:00:03")
        .WithSetting("Consoles:KeepAliveInterval", "00:00:00.500")
        // The simulated game prints a tick now and then; the test needs a console that stays silent.
        .WithSetting("Runtime:Simulator:ConsoleTickInterval", "00:10:00");

    [Fact]
    public async Task An_idle_console_survives_several_activity_timeouts_and_still_answers()
    {
        var consoles = new ConsoleClient(factory.StartOnKestrel());
        var email = await AccountJourney.CreateAsync(factory, Roles.Customer);
        var server = await RunningServers.CreateAsync(factory.Services, email);
        var ticket = await factory.Services.GetRequiredService<ConsoleTickets>().MintAsync(server.OwnerId, server.Id, null, false);
        using var socket = await consoles.ConnectAsync($"/servers/{server.Id}/console?ticket={ticket.Token}");
        await ConsoleClient.ReadUntilAsync(socket, "Done (");

        // Nothing is written either way for 3 activity timeouts; a pending receive lets the client answer pings.
        var buffer = new byte[4096];
        var receive = socket.ReceiveAsync(buffer, CancellationToken.None);
        var idle = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(9.5)));
        Assert.NotSame(receive, idle);
        await ConsoleClient.SendAsync(socket, "list");
        var first = await receive;
        var answered = first.MessageType == WebSocketMessageType.Text
            && (Encoding.UTF8.GetString(buffer, 0, first.Count).Contains("players online") || (await ConsoleClient.ReadUntilAsync(socket, "players online")).Count > 0);

        Assert.True(answered, $"first message after the idle period: {first.MessageType} {first.CloseStatus}");
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
    }

    public void Dispose() => factory.Dispose();
}
