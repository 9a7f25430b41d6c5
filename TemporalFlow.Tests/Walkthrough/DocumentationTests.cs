using System.Text.RegularExpressions;
using TemporalFlow.Testing;

namespace TemporalFlow.Tests.Walkthrough;

/// <summary>The front door stays a front door, and every link in it and in the manual leads somewhere.</summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void TheReadmeIsAtMostTwoHundredLines()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md")).Length;
        Assert.True(lines <= 200, $"README.md has {lines} lines; the manual belongs in docs/.");
    }

    [Fact]
    public void EveryRelativeLinkInTheReadmeAndTheManualResolves()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"));
        var broken = (from page in pages
                      from link in MarkdownLink().Matches(File.ReadAllText(page)).Select(m => m.Groups["target"].Value)
                      where !link.Contains("://", StringComparison.Ordinal) && !link.StartsWith('#')
                      let target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, link.Split('#')[0]))
                      where !File.Exists(target) && !Directory.Exists(target)
                      select $"{Path.GetRelativePath(RepositoryPaths.Root, page)}: {link}").ToList();
        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Theory]
    [InlineData("architecture.md")]
    [InlineData("configuration.md")]
    [InlineData("orchestrator.md")]
    [InlineData("event-sources.md")]
    [InlineData("workflows.md")]
    [InlineData("documents.md")]
    [InlineData("chat.md")]
    [InlineData("emulator.md")]
    [InlineData("deployment.md")]
    [InlineData("scaling.md")]
    [InlineData("testing.md")]
    [InlineData("reliability.md")]
    [InlineData("performance.md")]
    [InlineData("security.md")]
    public void TheManualHasItsPageAndTheReadmeLinksIt(string page)
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "docs", page)), $"docs/{page} is missing.");
        Assert.Contains($"(docs/{page})", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
