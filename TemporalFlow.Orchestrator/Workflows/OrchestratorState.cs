using System.Text.Json;
using System.Text.Json.Serialization;
using TemporalFlow.Core.Events;
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

/// <summary>
/// An event waiting to be handled: inline, or by reference to its ledger row; with the trace context its signal carried (null
/// when it came untraced).
/// </summary>
public sealed record PendingEvent(
    [property: JsonPropertyName("event"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Event,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("traceParent")] string? TraceParent = null,
    [property: JsonPropertyName("reference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventReference? Reference = null)
{
    /// <summary>What it weighs in a batch and in the carry-over: an inline event its JSON, a reference its fields and their names.</summary>
    [JsonIgnore]
    public int Size => Event is { } json
        ? json.GetRawText().Length
        : 200 + (Reference?.EventId.Length ?? 0) + (Reference?.EventType.Length ?? 0) + (Reference?.Source?.Length ?? 0)
            + (Reference?.Fields.Sum(f => f.Length + 3) ?? 0) + (Reference?.Invalid?.Length ?? 0);
}

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

/// <summary>
/// An event that could not be routed, kept with its reason until it is re-driven. Its payload is in the ledger; only runs
/// that began before the claim check keep it here too (<c>event</c>).
/// </summary>
public sealed record DeadLetter(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("event"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Event,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("eventType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EventType = null,
    [property: JsonPropertyName("source"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source = null);

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

/// <summary>
/// The counts in all, redeliveries dropped, and the counts by event type and by source: the <see cref="TopKeys"/> most
/// received of each, the rest summed under <see cref="Other"/> (so a flood of distinct types cannot grow the state).
/// </summary>
public sealed class OrchestratorStats : EventCounts
{
    public const int TopKeys = 100;
    public const string Other = "(other)";

    [JsonPropertyName("duplicates")]
    public long Duplicates { get; set; }

    [JsonPropertyName("byEventType")]
    public Dictionary<string, EventCounts> ByEventType { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("bySource")]
    public Dictionary<string, EventCounts> BySource { get; set; } = new(StringComparer.Ordinal);

    public void Count(string? eventType, string? source, Action<EventCounts> update)
    {
        Count(ByEventType, eventType ?? "(none)", update);
        Count(BySource, source ?? "(none)", update);
    }

    /// <summary>Keeps the <see cref="TopKeys"/> most received keys of each dimension and folds the others into <see cref="Other"/>.</summary>
    public void Trim()
    {
        ByEventType = Trimmed(ByEventType);
        BySource = Trimmed(BySource);
    }

    /// <summary>A trimmed copy, as the <c>stats</c> query shows it (between trims a dimension may hold up to twice its share).</summary>
    public OrchestratorStats Top() => new()
    {
        Received = Received,
        Routed = Routed,
        Rejected = Rejected,
        Duplicates = Duplicates,
        ByEventType = Trimmed(Copy(ByEventType)),
        BySource = Trimmed(Copy(BySource)),
    };

    private static Dictionary<string, EventCounts> Copy(Dictionary<string, EventCounts> counts) =>
        counts.ToDictionary(c => c.Key, c => new EventCounts { Received = c.Value.Received, Routed = c.Value.Routed, Rejected = c.Value.Rejected },
            StringComparer.Ordinal);

    private static EventCounts Get(Dictionary<string, EventCounts> counts, string key)
    {
        if (!counts.TryGetValue(key, out var value))
        {
            counts[key] = value = new EventCounts();
        }
        return value;
    }

    /// <summary>Trims once a dimension holds twice its share, so the work is paid once per <see cref="TopKeys"/> new keys.</summary>
    private void Count(Dictionary<string, EventCounts> counts, string key, Action<EventCounts> update)
    {
        update(Get(counts, key));
        if (counts.Count > 2 * TopKeys)
        {
            Trim();
        }
    }

    private static Dictionary<string, EventCounts> Trimmed(Dictionary<string, EventCounts> counts)
    {
        if (counts.Count <= TopKeys + 1)
        {
            return counts;
        }
        var ranked = counts.Where(c => c.Key != Other)
            .OrderByDescending(c => c.Value.Received).ThenByDescending(c => c.Value.Routed + c.Value.Rejected).ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToList();
        var kept = ranked.Take(TopKeys).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        var other = counts.GetValueOrDefault(Other) ?? new EventCounts();
        foreach (var (_, folded) in ranked.Skip(TopKeys))
        {
            other.Received += folded.Received;
            other.Routed += folded.Routed;
            other.Rejected += folded.Rejected;
        }
        kept[Other] = other;
        return kept;
    }
}

/// <summary>The <c>routingConfig</c> query: the configuration in force, and the last update that was refused and why.</summary>
public sealed record RoutingConfigView(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("configuration")] RoutingConfiguration Configuration,
    [property: JsonPropertyName("lastRejectedUpdate")] string? LastRejectedUpdate);
