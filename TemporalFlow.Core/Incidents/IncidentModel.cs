using System.Text.Json.Serialization;

namespace TemporalFlow.Core.Incidents;

public static class IncidentStates
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}

/// <summary>One line of an incident's timeline; <see cref="Sequence"/> makes writing it again harmless.</summary>
public sealed record TimelineEntry(
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("actor")] string? Actor,
    [property: JsonPropertyName("note")] string Note);

/// <summary>An incident as it stands: what the store keeps and the <c>status</c> query shows.</summary>
public sealed record IncidentSnapshot(
    [property: JsonPropertyName("incidentId")] string IncidentId,
    [property: JsonPropertyName("number")] string Number,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("severity")] IncidentSeverity Severity,
    [property: JsonPropertyName("classifiedBy")] string ClassifiedBy,
    [property: JsonPropertyName("escalationLevel")] int EscalationLevel,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("analysis")] IncidentAnalysis? Analysis,
    [property: JsonPropertyName("acknowledgedBy")] string? AcknowledgedBy,
    [property: JsonPropertyName("resolvedBy")] string? ResolvedBy,
    [property: JsonPropertyName("resolution")] string? Resolution);

/// <summary>What opening an incident needs: the workflow's id (the incident's id) and the event that raised it.</summary>
public sealed record IncidentOpening(
    [property: JsonPropertyName("incidentId")] string IncidentId,
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("openedAt")] DateTimeOffset OpenedAt);

/// <summary>A notification for one escalation level.</summary>
public sealed record IncidentNotification(
    [property: JsonPropertyName("incidentId")] string IncidentId,
    [property: JsonPropertyName("number")] string Number,
    [property: JsonPropertyName("severity")] IncidentSeverity Severity,
    [property: JsonPropertyName("level")] int Level,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("source")] string? Source)
{
    public string Text => $"[{Severity.ToString().ToUpperInvariant()}] {Number}{(Level > 0 ? $" escalation level {Level}" : "")}: {Title}";

    /// <summary>
    /// The same for every attempt to send this level on this channel: delivery is at-least-once (a crash between sending and
    /// recording it sends again), and a receiver that keeps the keys it has seen can drop the repeat.
    /// </summary>
    public string IdempotencyKey(string channel) => $"{IncidentId}:level-{Level}:{channel}";
}
