namespace ZlhPortal.Benchmarks;

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ZlhPortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }

    public static string ResultsDirectory
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "benchmarks");
            Directory.CreateDirectory(path);
            return path;
        }
    }
}
