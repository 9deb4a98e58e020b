using System.Text.RegularExpressions;

namespace Genesis.Exchange.Tests.Support;

/// <summary>A fresh clone tests itself: nothing the tests or CI read lives outside the repository.</summary>
public sealed partial class SelfContainedRepositoryTests
{
    [Fact]
    public void TestSources_NeverReadTheSharedFolderBesideTheRepository()
    {
        var offenders = TestSources()
            .Where(file => SharedFolderReference().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(TestPaths.RepoRoot, file))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void CiScript_DoesNotRequireTheSharedFolder()
    {
        var script = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".ci", "run"));

        Assert.DoesNotContain("shared", script, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("binance")]
    [InlineData("responses")]
    public void BinanceFixtures_AreEachListedInTheSourceNote(string folder)
    {
        var root = Path.Combine(TestPaths.Fixtures, folder);
        var note = File.ReadAllText(Path.Combine(root, "SOURCE.md"));
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "SOURCE.md")
            .ToList();

        Assert.NotEmpty(files);
        Assert.DoesNotContain(files, f => !note.Contains($"`{f}`", StringComparison.Ordinal));
        Assert.Contains("2026-11-30", note, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryExampleNamedInTests_IsInTheFixtures()
    {
        var named = TestSources()
            .SelectMany(file => ExampleName().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        Assert.NotEmpty(named);
        Assert.DoesNotContain(named, name => !File.Exists(Path.Combine(BinanceFixtures, "examples", name)) && !File.Exists(Path.Combine(TestPaths.Fixtures, "responses", name)));
    }

    private static string BinanceFixtures => Path.Combine(TestPaths.Fixtures, "binance");

    private static IEnumerable<string> TestSources() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith(nameof(SelfContainedRepositoryTests) + ".cs", StringComparison.Ordinal));

    // "shared" as a path segment: a string literal, or ../shared in a path.
    [GeneratedRegex(@"""shared""|\.\./shared|TestPaths\.Shared")]
    private static partial Regex SharedFolderReference();

    [GeneratedRegex(@"""((?:rest-api|web-socket-streams|web-socket-api|user-data-stream)__[^""]+\.json)""")]
    private static partial Regex ExampleName();
}
