namespace Genesis.Exchange.Tests.Support;

/// <summary>
/// Where tests find their inputs: everything lives under <c>tests/fixtures</c> in the repository, so a fresh clone
/// tests itself. Binance's reference material the tests read (error list, example payloads, signing vectors) is
/// copied under <c>tests/fixtures/binance</c> (see its SOURCE.md).
/// </summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

    /// <summary>Binance's reference material: <c>docs/errors.md</c>, <c>examples/*.json</c>, <c>signatures.json</c>.</summary>
    public static string Binance => Path.Combine(Fixtures, "binance");

    public static string Examples => Path.Combine(Binance, "examples");

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
