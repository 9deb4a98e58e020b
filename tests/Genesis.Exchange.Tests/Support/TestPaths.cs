namespace Genesis.Exchange.Tests.Support;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Examples => Path.Combine(Shared, "binance", "examples");

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

    public static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(Examples, name));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Genesis.Exchange.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Genesis.Exchange.sln not found above " + AppContext.BaseDirectory);
    }
}
