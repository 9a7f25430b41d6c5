using System.Text.RegularExpressions;

namespace TemporalFlow.Core.Incidents;

/// <summary>A severity and the rule that decided it.</summary>
public sealed record Classification(IncidentSeverity Severity, string Rule);

/// <summary>Decides an incident's severity: from the event when it names a known one, else from the configured rules. Pure.</summary>
public static class IncidentClassifier
{
    public static Classification Classify(string? givenSeverity, string message, string? source, string? service, ClassificationRules rules)
    {
        if (IncidentSeverities.TryParse(givenSeverity, out var given))
        {
            return new(given, "event severity");
        }
        foreach (var rule in rules.Keywords.Where(r => r.Keyword.Length > 0))
        {
            if (Regex.IsMatch(message, $@"\b{Regex.Escape(rule.Keyword)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return new(rule.Severity, $"keyword '{rule.Keyword}'");
            }
        }
        if (source is not null && rules.Sources.TryGetValue(source, out var bySource))
        {
            return new(bySource, $"source '{source}'");
        }
        if (service is not null && rules.Services.TryGetValue(service, out var byService))
        {
            return new(byService, $"service '{service}'");
        }
        return new(rules.Default, "default");
    }
}
