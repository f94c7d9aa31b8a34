using System.CommandLine;

namespace ZlhPortal.Web.Infrastructure.Cli;

/// <summary>A top-level command (<c>users</c>, <c>billing</c>…) a feature adds to the portal's command line.</summary>
public sealed record CommandDeclaration(string Name, Func<CommandContext, Command> Create);
