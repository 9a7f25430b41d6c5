using TemporalFlow.Core.Incidents;

namespace TemporalFlow.Core.Tests;

/// <summary>Triage: the event's own severity first, then keywords (whole words), then the source, then the service, then the default.</summary>
public sealed class IncidentClassifierTests
{
    private static readonly ClassificationRules Rules = new()
    {
        Sources = new(StringComparer.OrdinalIgnoreCase) { ["pager"] = IncidentSeverity.Critical },
        Services = new(StringComparer.OrdinalIgnoreCase) { ["billing"] = IncidentSeverity.High },
    };

    [Theory]
    [InlineData("sev1", "all fine", null, null, IncidentSeverity.Critical, "event severity")]
    [InlineData("P3", "Database down", null, null, IncidentSeverity.Medium, "event severity")] // the event's word wins over keywords
    [InlineData(null, "Database DOWN on db-01", null, null, IncidentSeverity.Critical, "keyword 'down'")]
    [InlineData(null, "Checkout error rate 4%", "pager", null, IncidentSeverity.High, "keyword 'error'")]
    [InlineData(null, "Countdown timer reset", null, null, IncidentSeverity.Medium, "default")] // 'down' only as a whole word
    [InlineData(null, "Queue lag", "PAGER", null, IncidentSeverity.Critical, "source 'PAGER'")]
    [InlineData(null, "Queue lag", "other", "Billing", IncidentSeverity.High, "service 'Billing'")]
    [InlineData("unheard-of", "Queue lag", null, null, IncidentSeverity.Medium, "default")]
    public void TheFirstRuleThatAppliesDecides(string? given, string message, string? source, string? service, IncidentSeverity severity, string rule) =>
        Assert.Equal(new Classification(severity, rule), IncidentClassifier.Classify(given, message, source, service, Rules));
}
