using System.Text.Json.Serialization;

namespace TemporalFlow.Core.Incidents;

/// <summary>The <c>Incidents</c> configuration section: classification rules, escalation schedules and notification channels.</summary>
public sealed class IncidentSettings
{
    public const string SectionName = "Incidents";

    [JsonPropertyName("classification")]
    public ClassificationRules Classification { get; set; } = new();

    /// <summary>Per severity: how long to wait for an acknowledgement at each level, and how many levels to escalate through.</summary>
    [JsonPropertyName("escalation")]
    public Dictionary<IncidentSeverity, EscalationSchedule> Escalation { get; set; } = new()
    {
        [IncidentSeverity.Critical] = new() { AcknowledgeWithin = TimeSpan.FromMinutes(5), Levels = 3 },
        [IncidentSeverity.High] = new() { AcknowledgeWithin = TimeSpan.FromMinutes(15), Levels = 2 },
        [IncidentSeverity.Medium] = new() { AcknowledgeWithin = TimeSpan.FromMinutes(60), Levels = 1 },
        [IncidentSeverity.Low] = new() { AcknowledgeWithin = TimeSpan.FromHours(4), Levels = 0 },
    };

    /// <summary>Resolve automatically after this long without an update once acknowledged; none keeps it open until resolved.</summary>
    [JsonPropertyName("autoResolveAfterQuiet")]
    public TimeSpan? AutoResolveAfterQuiet { get; set; }

    /// <summary>
    /// A run continues as new once its history is this long (or Temporal suggests it sooner), so an incident with thousands of
    /// updates stays far from the server's history limits.
    /// </summary>
    [JsonPropertyName("continueAsNewAfterEvents")]
    public int ContinueAsNewAfterEvents { get; set; } = 2_000;

    /// <summary>Which notifier adapters run: <c>log</c>, <c>webhook</c>.</summary>
    [JsonPropertyName("notifiers")]
    public List<string> Notifiers { get; set; } = ["log"];

    public EscalationSchedule ScheduleFor(IncidentSeverity severity) =>
        Escalation.TryGetValue(severity, out var schedule) ? schedule : new EscalationSchedule();
}

public sealed class EscalationSchedule
{
    [JsonPropertyName("acknowledgeWithin")]
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Escalation levels after the first notification; 0 notifies once and never escalates.</summary>
    [JsonPropertyName("levels")]
    public int Levels { get; set; }
}

/// <summary>Severity when the event does not give one: the first keyword rule that matches the message, else by source, else by service, else the default.</summary>
public sealed class ClassificationRules
{
    [JsonPropertyName("keywords")]
    public List<KeywordRule> Keywords { get; set; } =
    [
        new() { Keyword = "critical", Severity = IncidentSeverity.Critical },
        new() { Keyword = "outage", Severity = IncidentSeverity.Critical },
        new() { Keyword = "down", Severity = IncidentSeverity.Critical },
        new() { Keyword = "failure", Severity = IncidentSeverity.High },
        new() { Keyword = "error", Severity = IncidentSeverity.High },
        new() { Keyword = "degraded", Severity = IncidentSeverity.Medium },
        new() { Keyword = "slow", Severity = IncidentSeverity.Medium },
        new() { Keyword = "warning", Severity = IncidentSeverity.Low },
    ];

    [JsonPropertyName("sources")]
    public Dictionary<string, IncidentSeverity> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [JsonPropertyName("services")]
    public Dictionary<string, IncidentSeverity> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    [JsonPropertyName("default")]
    public IncidentSeverity Default { get; set; } = IncidentSeverity.Medium;
}

public sealed class KeywordRule
{
    [JsonPropertyName("keyword")]
    public string Keyword { get; set; } = "";

    [JsonPropertyName("severity")]
    public IncidentSeverity Severity { get; set; }
}
