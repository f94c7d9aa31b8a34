using System.Text.Json;

namespace ZlhPortal.Web.Infrastructure.Events;

/// <summary>
/// One part's handler of one kind of portal event, declared with
/// <see cref="PortalEventsSetup.AddPortalEvent{TMessage, THandler}"/>: what the kind is called on the wire, the message
/// type it carries, and what to do with one on this instance.
/// </summary>
public sealed record PortalEventHandler(string Kind, Type MessageType, Func<IServiceProvider, JsonElement, Task> HandleAsync);
