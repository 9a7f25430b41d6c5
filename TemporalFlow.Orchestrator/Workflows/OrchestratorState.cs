using System.Text.Json;
using System.Text.Json.Serialization;
using TemporalFlow.Core.Routing;

namespace TemporalFlow.Orchestrator.Workflows;

/// <summary>Input of an orchestrator run. <c>--input '{}'</c> is valid: the routing then comes from the worker's configuration.</summary>
public sealed record RootOrchestratorInput
{
    /// <summary>Routing to use instead of the worker's configuration.</summary>
    [JsonPropertyName("routing")]
    public RoutingConfiguration? Routing { get; init; }

    /// <summary>State carried from the previous run of a continue-as-new chain.</summary>
    [JsonPropertyName("carryOver")]
    public OrchestratorCarryOver? CarryOver { get; init; }

    /// <summary>Continue as new once history is this long (Temporal may suggest it sooner).</summary>
    [JsonPropertyName("continueAsNewAfterEvents")]
    public int? ContinueAsNewAfterEvents { get; init; }
}

/// <summary>Everything a new run needs so that no event is lost and none is handled twice.</summary>
public sealed record OrchestratorCarryOver(
    [property: JsonPropertyName("pending")] List<PendingEvent> Pending,
    [property: JsonPropertyName("seenEventIds")] List<string> SeenEventIds,
    [property: JsonPropertyName("stats")] OrchestratorStats Stats,
    [property: JsonPropertyName("recent")] List<EventSummary> Recent,
    [property: JsonPropertyName("deadLetters")] List<DeadLetter> DeadLetters,
    [property: JsonPropertyName("lastRejectedConfiguration")] string? LastRejectedConfiguration);

/// <summary>An event waiting to be handled, with the trace context its signal carried (null when it came untraced).</summary>
public sealed record PendingEvent(
    [property: JsonPropertyName("event")] JsonElement Event,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("traceParent")] string? TraceParent = null);

/// <summary>What happened to one event, as <c>recentEvents</c> shows it.</summary>
public sealed record EventSummary(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("eventType")] string? EventType,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("rule")] string? Rule,
    [property: JsonPropertyName("workflowId")] string? WorkflowId,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("configVersion")] string? ConfigVersion,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

/// <summary>An event that could not be routed, kept with its reason until it is re-driven.</summary>
public sealed record DeadLetter(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("event")] JsonElement Event,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

/// <summary>Counts of events received, routed and rejected (invalid or unroutable: every event that became a dead letter).</summary>
public class EventCounts
{
    [JsonPropertyName("received")]
    public long Received { get; set; }

    [JsonPropertyName("routed")]
    public long Routed { get; set; }

    [JsonPropertyName("rejected")]
    public long Rejected { get; set; }
}

/// <summary>The counts in all, redeliveries dropped, and the counts by event type and by source.</summary>
public sealed class OrchestratorStats : EventCounts
{
    [JsonPropertyName("duplicates")]
    public long Duplicates { get; set; }

    [JsonPropertyName("byEventType")]
    public Dictionary<string, EventCounts> ByEventType { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("bySource")]
    public Dictionary<string, EventCounts> BySource { get; set; } = new(StringComparer.Ordinal);

    public void Count(string? eventType, string? source, Action<EventCounts> update)
    {
        update(Get(ByEventType, eventType ?? "(none)"));
        update(Get(BySource, source ?? "(none)"));
    }

    private static EventCounts Get(Dictionary<string, EventCounts> counts, string key)
    {
        if (!counts.TryGetValue(key, out var value))
        {
            counts[key] = value = new EventCounts();
        }
        return value;
    }
}

/// <summary>The <c>routingConfig</c> query: the configuration in force, and the last update that was refused and why.</summary>
public sealed record RoutingConfigView(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("configuration")] RoutingConfiguration Configuration,
    [property: JsonPropertyName("lastRejectedUpdate")] string? LastRejectedUpdate);
