using System.Text.RegularExpressions;
using TemporalFlow.Testing;

namespace TemporalFlow.Tests.Walkthrough;

/// <summary>The README's walkthrough: its <c>bash</c> blocks, read from the file, run as a reader would run them.</summary>
internal static partial class ReadmeWalkthrough
{
    private const string Heading = "## Walkthrough";

    /// <summary>The walkthrough section's bash blocks, in order.</summary>
    public static IReadOnlyList<string> Commands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{Heading}' section.");
        var end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return [.. BashBlock().Matches(section).Select(m => m.Groups["code"].Value)];
    }

    /// <summary>Runs one block with bash from the repository root, failing the test (with the output) when a command fails.</summary>
    public static async Task<string> RunAsync(string commands)
    {
        var result = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", commands], RepositoryPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"The walkthrough's commands failed (exit {result.ExitCode}):\n{commands}\n{result.Output}");
        return result.Output;
    }

    [GeneratedRegex(@"^```bash\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
