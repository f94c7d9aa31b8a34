using ZlhPortal.Web.Features.Files;

namespace ZlhPortal.UnitTests.Features.Files;

public sealed class FilePathsTests
{
    [Theory]
    [InlineData("server.properties", "server.properties")]
    [InlineData("world//region\\r.0.0.mca", "world/region/r.0.0.mca")]
    [InlineData("plugins/", "plugins")]
    public void A_relative_path_is_kept_with_single_forward_slashes(string path, string normalized)
    {
        Assert.Null(FilePaths.Check(path, out var result));
        Assert.Equal(normalized, result);
    }

    [Theory]
    [InlineData("../server.properties", ". or ..")]
    [InlineData("world/../../etc", ". or ..")]
    [InlineData("./eula.txt", ". or ..")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("\\etc\\passwd", "absolute")]
    [InlineData("C:/Windows", "absolute")]
    [InlineData("", "empty")]
    [InlineData("bad\0name", "control character")]
    public void A_path_that_could_leave_the_server_directory_is_refused_with_the_reason(string path, string reason)
    {
        Assert.Contains(reason, FilePaths.Check(path, out _), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_longer_than_the_limit_is_refused()
    {
        Assert.Contains("longer", FilePaths.Check(new string('a', FilePaths.MaxLength + 1), out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server.properties", "properties")]
    [InlineData("config/paper.YML", "yaml")]
    [InlineData("pack.mcmeta", "application/json")]
    [InlineData("start.sh", "shell")]
    [InlineData("notes.txt", null)]
    public void The_editor_highlights_by_extension(string name, string? mode)
    {
        Assert.Equal(mode, EditorModes.For(name));
    }

    [Theory]
    [InlineData("server.properties", true)]
    [InlineData("latest.log", true)]
    [InlineData("Dockerfile", true)]
    [InlineData("world.zip", false)]
    [InlineData("server-icon.png", false)]
    public void Text_files_open_in_the_editor_and_others_download(string name, bool text)
    {
        Assert.Equal(text, EditorModes.IsText(name));
    }
}
