using System.Text.RegularExpressions;
using Xunit;

namespace Genesis.Exchange.Samples.Tests.Readme;

/// <summary>
/// Every C# snippet of README.md is compiled and run here: each one is, verbatim, the using lines and the
/// <c>#region readme</c> of one file of this folder. Edit the README and the file together.
/// </summary>
public sealed partial class ReadmeSnippetsTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static readonly string SnippetFolder = Path.Combine(RepoRoot, "tests", "Genesis.Exchange.Samples.Tests", "Readme");

    [Fact]
    public void EveryCSharpBlockOfTheReadme_IsACompiledSnippet()
    {
        var blocks = ReadmeBlocks();
        var files = SnippetFiles();

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            Assert.True(files.Any(f => f.Snippet == block), $"README block not found verbatim in {SnippetFolder} (usings and #region readme):\n{block}");
        }

        Assert.Equal(files.Count, blocks.Count);
    }

    [Fact]
    public void Readme_PointsAtTheCompiledSnippets()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));

        Assert.Contains("tests/Genesis.Exchange.Samples.Tests/Readme/", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_HasNoCSharpBlockUnderAnotherFenceName()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));

        Assert.DoesNotMatch(OtherCSharpFence(), readme);
    }

    private static List<Snippet> ReadmeBlocks()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md")).ReplaceLineEndings("\n");
        return [.. CSharpFence().Matches(readme).Select(m => Snippet.Parse(m.Groups[1].Value.Split('\n')))];
    }

    private static List<(string File, Snippet Snippet)> SnippetFiles()
    {
        var result = new List<(string, Snippet)>();
        foreach (var file in Directory.EnumerateFiles(SnippetFolder, "*.cs"))
        {
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            var start = Array.FindIndex(lines, l => l.Trim() == "#region readme");
            if (start < 0)
            {
                continue;
            }

            var end = Array.FindIndex(lines, start, l => l.Trim() == "#endregion");
            var usings = lines.Where(l => l.StartsWith("using ", StringComparison.Ordinal));
            var region = lines[(start + 1)..end];
            var indent = region.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            var body = region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());
            result.Add((Path.GetFileName(file), Snippet.Parse([.. usings, string.Empty, .. body])));
        }

        return result;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Genesis.Exchange.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Genesis.Exchange.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"^```(cs|c#|C#|CSharp)\s*$", RegexOptions.Multiline)]
    private static partial Regex OtherCSharpFence();

    /// <summary>A snippet: its using lines and its code, each without trailing white space, blank lines at the ends dropped.</summary>
    private sealed record Snippet(string Usings, string Code)
    {
        public static Snippet Parse(IEnumerable<string> lines)
        {
            var trimmed = lines.Select(l => l.TrimEnd()).ToList();
            var usings = trimmed.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0).Where(l => l.Length > 0);
            var code = trimmed.SkipWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0).ToList();
            while (code.Count > 0 && code[^1].Length == 0)
            {
                code.RemoveAt(code.Count - 1);
            }

            return new Snippet(string.Join('\n', usings), string.Join('\n', code));
        }

        public override string ToString() => Usings + "\n\n" + Code;
    }
}
