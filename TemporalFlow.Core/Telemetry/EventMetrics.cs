using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Telemetry;

/// <summary>
/// What happens to events, by type and source: received (by the listeners), routed, rejected and dead-lettered (by the
/// orchestrator's ledger activity), and the routing latency from receipt to the domain workflow's start.
/// </summary>
public static class EventMetrics
{
    public const string MeterName = "TemporalFlow.Events";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Received = Meter.CreateCounter<long>("temporalflow.events.received", "{event}", "Events a listener accepted and handed to Temporal.");
    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("temporalflow.events.outcome", "{event}", "Events the orchestrator routed, rejected or dead-lettered (tag status).");
    private static readonly Histogram<double> RoutingLatency = Meter.CreateHistogram<double>("temporalflow.routing.latency", "s",
        "From an event's receipt by a listener to its domain workflow's start.");

    public static void CountReceived(string? eventType, string? source) => Received.Add(1, Tags(eventType, source));

    /// <summary>One routed, rejected or dead-lettered event (<paramref name="status"/> as the ledger writes it).</summary>
    public static void CountOutcome(string? eventType, string? source, string status) =>
        Outcomes.Add(1, Tags(eventType, source, ("status", status)));

    /// <summary>A domain workflow started at <paramref name="startedAt"/> for <paramref name="routedEvent"/> (as the orchestrator passes it on).</summary>
    public static void RecordRoutingLatency(JsonElement routedEvent, DateTimeOffset startedAt)
    {
        if (EventFields.Text(routedEvent, EventFields.ReceivedAt) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var receivedAt))
        {
            RoutingLatency.Record(Math.Max(0, (startedAt - receivedAt).TotalSeconds),
                Tags(EventFields.Text(routedEvent, EventFields.EventType), EventFields.Text(routedEvent, EventFields.Source)));
        }
    }

    // Types and sources come from callers: cut to a bounded length (the SDK also caps how many series a metric keeps).
    private static TagList Tags(string? eventType, string? source, params (string Key, string Value)[] more)
    {
        var tags = new TagList { { "event_type", Bounded(eventType ?? "unknown") }, { "source", Bounded(source ?? "none") } };
        foreach (var (key, value) in more)
        {
            tags.Add(key, value);
        }
        return tags;
    }

    private static string Bounded(string value) => value.Length <= 64 ? value : value[..64];
}
