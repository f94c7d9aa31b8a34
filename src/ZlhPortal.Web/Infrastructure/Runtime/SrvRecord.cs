using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ZlhPortal.Web.Infrastructure.Runtime;

/// <summary>An SRV record for a game's well-known service name, e.g. <c>_minecraft._tcp</c>.</summary>
public sealed record SrvRecord(string Service, int Port);
