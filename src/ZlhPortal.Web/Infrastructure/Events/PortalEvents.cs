using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Infrastructure.Events;

/// <summary>
/// Portal-wide events (DESIGN.md §9): a small typed message published on any instance reaches the handlers of every
/// instance, this one included. This instance handles it at once; on PostgreSQL it also goes out with <c>NOTIFY</c>,
/// and every other instance's <see cref="PortalEventListener"/> hands it to their handlers (an instance skips its own
/// notifications, so nothing is handled twice). Parts declare their kinds and handlers with
/// <see cref="PortalEventsSetup.AddPortalEvent{TMessage, THandler}"/>.
/// </summary>
/// <remarks>
/// Delivery to other instances is best effort: a notification sent while an instance's listener reconnects is lost
/// to it. What must not be missed (a revoked console) is therefore also re-checked periodically by its owner.
/// </remarks>
public sealed class PortalEvents
{
    /// <summary>The PostgreSQL channel every instance listens on (channels are per database).</summary>
    public const string Channel = "zlh_events";

    /// <summary>PostgreSQL refuses a notification payload of 8000 bytes or more.</summary>
    public const int MaxEnvelopeBytes = 7999;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<DatabaseOptions> database;
    private readonly ILogger<PortalEvents> logger;
    private readonly ILookup<string, PortalEventHandler> handlers;
    private readonly Dictionary<Type, string> kinds = [];

    public PortalEvents(IServiceScopeFactory scopes, IEnumerable<PortalEventHandler> handlers, IOptions<DatabaseOptions> database, ILogger<PortalEvents> logger)
    {
        this.scopes = scopes;
        this.database = database;
        this.logger = logger;
        this.handlers = handlers.ToLookup(h => h.Kind, StringComparer.Ordinal);
        foreach (var handler in this.handlers.SelectMany(h => h))
        {
            if (kinds.TryGetValue(handler.MessageType, out var kind) && kind != handler.Kind
                || this.handlers[handler.Kind].Any(h => h.MessageType != handler.MessageType))
            {
                throw new InvalidOperationException(
                    $"Portal event {handler.Kind} ({handler.MessageType.Name}) clashes with another declaration: one message type, one kind.");
            }

            kinds[handler.MessageType] = handler.Kind;
        }
    }

    /// <summary>This instance, as named in the notifications it sends.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Handles <paramref name="message"/> on this instance and sends it to the others. Never fails because the database
    /// does: a notification that cannot be sent is logged, and the other instances miss it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No kind is declared for <typeparamref name="TMessage"/>.</exception>
    /// <exception cref="ArgumentException">The message is too large for a notification.</exception>
    public async Task PublishAsync<TMessage>(TMessage message)
        where TMessage : notnull
    {
        if (!kinds.TryGetValue(typeof(TMessage), out var kind))
        {
            throw new InvalidOperationException($"{typeof(TMessage).Name} is not a portal event; declare it with AddPortalEvent.");
        }

        var payload = JsonSerializer.SerializeToElement(message, Json);
        var envelope = JsonSerializer.Serialize(new PortalEventEnvelope(InstanceId, kind, payload), Json);
        var size = Encoding.UTF8.GetByteCount(envelope);
        if (size > MaxEnvelopeBytes)
        {
            // Checked on SQLite too, so an event that could not travel fails in every test, not only in production.
            throw new ArgumentException($"A {kind} event takes {size} bytes; a portal event must fit in {MaxEnvelopeBytes}.", nameof(message));
        }

        // Sent before this instance's handlers run (a revocation waits for sockets to close), so the others start at once.
        var sending = database.Value.Provider == DatabaseProvider.PostgreSql ? NotifyAsync(kind, envelope) : Task.CompletedTask;
        await HandleAsync(kind, payload);
        await sending;
    }

    /// <summary>A notification received from PostgreSQL; those this instance sent were handled when it published them.</summary>
    internal async Task ReceiveAsync(string notification)
    {
        PortalEventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<PortalEventEnvelope>(notification, Json);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "A portal event notification could not be read");
            return;
        }

        if (envelope is null || envelope.Origin == InstanceId)
        {
            return;
        }

        if (!handlers.Contains(envelope.Kind))
        {
            // Another version of the portal may know kinds this one does not.
            logger.LogDebug("Portal event {Kind} from instance {Origin} has no handler here", envelope.Kind, envelope.Origin);
            return;
        }

        await HandleAsync(envelope.Kind, envelope.Message);
    }

    private async Task HandleAsync(string kind, JsonElement message)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var handler in handlers[kind])
        {
            try
            {
                await handler.HandleAsync(scope.ServiceProvider, message);
            }
            catch (Exception e)
            {
                // One failing handler must neither stop the others nor fail whoever published.
                logger.LogWarning(e, "A handler of portal event {Kind} failed", kind);
            }
        }
    }

    private async Task NotifyAsync(string kind, string envelope)
    {
        try
        {
            using var timeout = new CancellationTokenSource(NotifyTimeout);
            await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", envelope);
            await notify.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Portal event {Kind} was handled here but could not be sent to the other instances", kind);
        }
    }
}
