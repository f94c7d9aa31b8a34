using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Infrastructure.Runtime;

namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>What a server's agent last said about the game or dev process (null status: it did not answer).</summary>
public sealed record AgentReading(AgentStatus? Status, DateTimeOffset ReadAt);
