namespace TemporalFlow.Core.Incidents;

public enum IncidentSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

public static class IncidentSeverities
{
    /// <summary>A severity by name (<c>critical</c>) or common alias (<c>sev1</c>, <c>p2</c>, <c>warning</c>); false for anything else.</summary>
    public static bool TryParse(string? text, out IncidentSeverity severity)
    {
        IncidentSeverity? parsed = text?.Trim().ToLowerInvariant() switch
        {
            "critical" or "sev1" or "p1" or "fatal" or "emergency" => IncidentSeverity.Critical,
            "high" or "sev2" or "p2" or "major" or "error" => IncidentSeverity.High,
            "medium" or "sev3" or "p3" or "minor" or "warning" => IncidentSeverity.Medium,
            "low" or "sev4" or "p4" or "info" => IncidentSeverity.Low,
            _ => null,
        };
        severity = parsed ?? default;
        return parsed is not null;
    }
}
