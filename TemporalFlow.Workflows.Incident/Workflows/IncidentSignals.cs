using System.Text.Json.Serialization;
using TemporalFlow.Core.Incidents;

namespace TemporalFlow.Workflows.Incident.Workflows;

public sealed record AcknowledgeRequest([property: JsonPropertyName("who")] string? Who, [property: JsonPropertyName("note")] string? Note = null);

public sealed record ResolveRequest([property: JsonPropertyName("who")] string? Who, [property: JsonPropertyName("resolution")] string? Resolution = null);

public sealed record UpdateRequest([property: JsonPropertyName("who")] string? Who, [property: JsonPropertyName("note")] string? Note);

/// <summary>
/// The <c>status</c> query: the incident as it stands and its timeline: the last entries (up to 200; all are in PostgreSQL),
/// and how many there are in all.
/// </summary>
public sealed record IncidentStatus(
    [property: JsonPropertyName("incident")] IncidentSnapshot Incident,
    [property: JsonPropertyName("timeline")] IReadOnlyList<TimelineEntry> Timeline,
    [property: JsonPropertyName("timelineEntries")] int TimelineEntries = 0);

/// <summary>
/// What a continued incident run takes over: where the incident stands, the timeline's last entries (those not saved yet
/// among them), how many entries there are and how many are saved, and the end of the acknowledgement window it was waiting
/// in (null past the last escalation level, or once it waits for resolution).
/// </summary>
public sealed record IncidentCarryOver(
    [property: JsonPropertyName("incident")] IncidentSnapshot Incident,
    [property: JsonPropertyName("timeline")] List<TimelineEntry> Timeline,
    [property: JsonPropertyName("timelineEntries")] int TimelineEntries,
    [property: JsonPropertyName("saved")] int Saved,
    [property: JsonPropertyName("acknowledged")] bool Acknowledged,
    [property: JsonPropertyName("updates")] int Updates,
    [property: JsonPropertyName("escalateAt")] DateTime? EscalateAt);

/// <summary>What a resolved incident workflow returns.</summary>
public sealed record IncidentResult(
    [property: JsonPropertyName("number")] string Number,
    [property: JsonPropertyName("severity")] IncidentSeverity Severity,
    [property: JsonPropertyName("escalationLevel")] int EscalationLevel,
    [property: JsonPropertyName("resolvedBy")] string? ResolvedBy);
