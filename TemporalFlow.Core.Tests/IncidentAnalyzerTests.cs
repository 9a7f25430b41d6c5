using TemporalFlow.Core.Incidents;

namespace TemporalFlow.Core.Tests;

/// <summary>Analysis: error codes, hosts and counts found in an incident's text, each once.</summary>
public sealed class IncidentAnalyzerTests
{
    [Fact]
    public void CodesHostsAndCountsAreFound()
    {
        var analysis = IncidentAnalyzer.Analyze(
            "HTTP 503 from api.example.com and db-01 (10.0.0.7): ORA-01555 after 3 retries; 37 errors, then 2 errors; see report.json; http 503 again");

        Assert.Equal(["HTTP 503", "ORA-01555"], analysis.ErrorCodes);
        // ORA-01555 has a host name's shape too; it is reported as a code only.
        Assert.Equal(["api.example.com", "db-01", "10.0.0.7"], analysis.Hosts);
        Assert.Equal(new Dictionary<string, long> { ["retrie"] = 3, ["error"] = 39 }, analysis.Counts);
    }

    [Fact]
    public void PlainTextYieldsNothingAndHugeTextIsCut()
    {
        var plain = IncidentAnalyzer.Analyze("Homepage returns blank page after deploy");
        var huge = IncidentAnalyzer.Analyze(new string('x', 30_000) + " db-99");

        Assert.Equal((0, 0, 0), (plain.ErrorCodes.Count, plain.Hosts.Count, plain.Counts.Count));
        Assert.Empty(huge.Hosts); // past the first 20,000 characters nothing is read
    }
}
