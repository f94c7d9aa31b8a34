using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Events;

/// <summary>
/// On PostgreSQL, brings the other instances' portal events in: one dedicated connection that <c>LISTEN</c>s on
/// <see cref="PortalEvents.Channel"/>, reconnecting with backoff when it drops. Received events are handled one at a
/// time, in the order they came, apart from the connection so a slow handler never holds up reading. On SQLite there is
/// only this instance, and nothing to listen for.
/// </summary>
public sealed class PortalEventListener(PortalEvents events, IOptions<DatabaseOptions> database, ILogger<PortalEventListener> logger) : BackgroundService
{
    /// <summary>Shown in <c>pg_stat_activity</c>, so an operator can tell the listeners from the pools.</summary>
    public const string ApplicationName = "zlh-portal events";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    // With nothing to read for this long the connection is asked a question, so one that died silently is noticed.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(15);

    // The network's clock, not the portal's: a faked portal clock (tests) must not stall reconnecting.
    private static readonly TimeProvider Clock = TimeProvider.System;

    private long listeningSinceTicks;

    /// <summary>When the current connection started listening; null while there is none (or not on PostgreSQL).</summary>
    public DateTimeOffset? ListeningSince => Interlocked.Read(ref listeningSinceTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        var connectionString = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
        {
            // Its own connection, never a pooled one: a pool resets a returned connection, and with it the LISTEN.
            Pooling = false,
            ApplicationName = ApplicationName,
        }.ConnectionString;
        var received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var handling = HandleAsync(received.Reader);
        var retry = FirstRetry;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => received.Writer.TryWrite(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PortalEvents.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Interlocked.Exchange(ref listeningSinceTicks, Clock.GetUtcNow().UtcTicks);
                if (failures > 0)
                {
                    logger.LogInformation("Listening for portal-wide events again after {Failures} failed attempt(s)", failures);
                }

                retry = FirstRetry;
                failures = 0;
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, stoppingToken))
                    {
                        await using var check = new NpgsqlCommand("SELECT 1", connection);
                        await check.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                Interlocked.Exchange(ref listeningSinceTicks, 0);
                failures++;
                // Events sent meanwhile are lost to this instance; revoked consoles are closed by their periodic re-check.
                logger.LogWarning(e, "The portal-wide events listener lost its PostgreSQL connection; retrying in {Delay}", retry);
            }

            try
            {
                await Task.Delay(retry, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }

        Interlocked.Exchange(ref listeningSinceTicks, 0);
        received.Writer.TryComplete();
        await handling;
    }

    private async Task HandleAsync(ChannelReader<string> received)
    {
        await foreach (var notification in received.ReadAllAsync())
        {
            await events.ReceiveAsync(notification);
        }
    }
}
