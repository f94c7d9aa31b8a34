using System.Text.Json;

namespace ZlhPortal.Web.Infrastructure.Events;

/// <summary>A portal event as it travels between instances: who sent it (an instance id), its kind, and its message.</summary>
internal sealed record PortalEventEnvelope(string Origin, string Kind, JsonElement Message);
