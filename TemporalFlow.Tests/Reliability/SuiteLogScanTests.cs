using TemporalFlow.Tests.Support;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Reliability;

/// <summary>
/// No secret the tests configure appears in any log line written during the suite. The test command runs this after the rest
/// of the suite, over the file every test process appended its lines to (<see cref="SuiteLogs"/>); run alone it scans what this
/// process has logged so far.
/// </summary>
[Trait("Category", AfterSuite)]
public sealed class SuiteLogScanTests(ITestOutputHelper output)
{
    public const string AfterSuite = "AfterSuite";

    /// <summary>The whole suite logs far more than this; fewer means the collection broke, and the scan would prove nothing.</summary>
    private const int FewestLinesOfAWholeSuite = 10_000;

    [Fact]
    public void NoLogLineWrittenDuringTheSuiteHoldsAConfiguredSecret()
    {
        var file = Environment.GetEnvironmentVariable(SuiteLogs.FileVariable) is { Length: > 0 } path ? path : null;
        var lines = file is not null ? ReadShared(file) : [.. SuiteLogs.Lines];
        output.WriteLine($"{lines.Count} log lines scanned ({file ?? "this process"})");
        if (file is not null)
        {
            Assert.True(lines.Count >= FewestLinesOfAWholeSuite, $"only {lines.Count} lines in {file}: the suite's logs were not collected");
            Assert.Contains(lines, l => l.Contains("TemporalFlow.AppHost.Resources.", StringComparison.Ordinal)); // the AppHost's processes
            Assert.Contains(lines, l => l.Contains("TemporalFlow.Listeners.", StringComparison.Ordinal)); // in-process listeners
        }
        var leaks = TestSecrets.All
            .Select(secret => (secret.Key, Lines: lines.Where(l => l.Contains(secret.Value, StringComparison.Ordinal)).ToList()))
            .Where(found => found.Lines.Count > 0)
            .Select(found => $"{found.Key} in {found.Lines.Count} line(s), first: {found.Lines[0].Replace(TestSecrets.All[found.Key], "<secret>", StringComparison.Ordinal)}")
            .ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    private static List<string> ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }
}
