using System.Text.Json.Serialization;
using TemporalFlow.Core.Incidents;

namespace TemporalFlow.Workflows.Incident.Workflows;

public sealed record AcknowledgeRequest([property: JsonPropertyName("who")] string? Who, [property: JsonPropertyName("note")] string? Note = null);

public sealed record ResolveRequest([property: JsonPropertyName("who")] string? Who, [property: JsonPropertyName("resolution")] string? Resolution = null);

public sealed record UpdateRequest([property: JsonPropertyName("who")] string? Who, [property: JsonPropertyName("note")] string? Note);

/// <summary>The <c>status</c> query: the incident as it stands and its whole timeline.</summary>
public sealed record IncidentStatus(
    [property: JsonPropertyName("incident")] IncidentSnapshot Incident,
    [property: JsonPropertyName("timeline")] IReadOnlyList<TimelineEntry> Timeline);

/// <summary>What a resolved incident workflow returns.</summary>
public sealed record IncidentResult(
    [property: JsonPropertyName("number")] string Number,
    [property: JsonPropertyName("severity")] IncidentSeverity Severity,
    [property: JsonPropertyName("escalationLevel")] int EscalationLevel,
    [property: JsonPropertyName("resolvedBy")] string? ResolvedBy);
