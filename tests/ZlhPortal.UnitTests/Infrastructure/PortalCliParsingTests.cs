using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.Web.Features.Accounts.Administration;
using ZlhPortal.Web.Features.Accounts.Tokens;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.UnitTests.Infrastructure;

public sealed class PortalCliParsingTests
{
    // The commands as the features declare them; nothing runs, so no database is needed.
    private static readonly IServiceProvider Commands = new ServiceCollection()
        .AddSingleton(new CommandDeclaration("users", UsersCommands.Create))
        .AddSingleton(new CommandDeclaration("tokens", TokensCommands.Create))
        .BuildServiceProvider();

    private static IReadOnlyList<string> Errors(params string[] args) =>
        PortalCli.BuildRootCommand(Commands, TextWriter.Null, TextWriter.Null).Parse(args).Errors.Select(e => e.Message).ToList();

    [Theory]
    [InlineData("users", "create", "--email", "a@b.c", "--role", "Admin")]
    [InlineData("users", "create", "--email", "a@b.c", "--role", "Customer", "--password", "P4ssword-long", "--name", "Ann")]
    [InlineData("users", "set-role", "--email", "a@b.c", "--role", "Support")]
    [InlineData("users", "reset-2fa", "--email", "a@b.c")]
    [InlineData("users", "list")]
    [InlineData("users", "list", "--search", "example")]
    public void Valid_command_lines_parse_without_errors(params string[] args) => Assert.Empty(Errors(args));

    [Theory]
    [InlineData("users", "create", "--role", "Admin")]
    [InlineData("users", "create", "--email", "a@b.c")]
    [InlineData("users", "create", "--email")]
    [InlineData("users", "delete", "--email", "a@b.c")]
    [InlineData("users", "list", "--colour", "red")]
    [InlineData("frobnicate")]
    public void Invalid_command_lines_are_errors(params string[] args) => Assert.NotEmpty(Errors(args));

    [Theory]
    [InlineData(true, "users", "list")]
    [InlineData(true, "--help")]
    [InlineData(false)]
    [InlineData(false, "--urls", "http://localhost:5000")]
    [InlineData(false, "--environment=Production")]
    [InlineData(false, "urls=http://localhost:5000")]
    [InlineData(true, "frobnicate")]
    public void Command_words_switch_away_from_the_web_server_and_settings_do_not(bool isCommand, params string[] args) =>
        Assert.Equal(isCommand, PortalCli.IsCommand(args));
}
