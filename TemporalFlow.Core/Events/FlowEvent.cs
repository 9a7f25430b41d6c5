using System.Text.Json;

namespace TemporalFlow.Core.Events;

/// <summary>
/// An event as TemporalFlow handles it: its type (required), its source (optional), a stable id, when it was received,
/// and every other field of the original JSON as payload (<c>message</c>, <c>bucket</c>, <c>key</c>, <c>documentUri</c>, ...).
/// </summary>
public sealed record FlowEvent(
    string EventId,
    string EventType,
    string? Source,
    DateTimeOffset ReceivedAt,
    IReadOnlyDictionary<string, JsonElement> Payload,
    string? Subject = null)
{
    /// <summary>A payload field as text, or null when absent or not a string.</summary>
    public string? Text(string field) =>
        Payload.TryGetValue(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether a payload field has a value: present, not null, and not an empty string (what a route's required fields ask).</summary>
    public bool HasValue(string field) =>
        Payload.TryGetValue(field, out var value)
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
        && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 0);

    /// <summary>The flat JSON shape listeners deliver and the orchestrator receives: known fields plus the payload.</summary>
    public JsonElement ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(EventFields.EventId, EventId);
            writer.WriteString(EventFields.EventType, EventType);
            if (Source is not null)
            {
                writer.WriteString(EventFields.Source, Source);
            }
            if (Subject is not null)
            {
                writer.WriteString(EventFields.Subject, Subject);
            }
            writer.WriteString(EventFields.ReceivedAt, ReceivedAt);
            foreach (var (name, value) in Payload)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}

/// <summary>Field names with a meaning of their own; everything else is payload.</summary>
public static class EventFields
{
    public const string EventType = "eventType";
    public const string Source = "source";
    public const string EventId = "eventId";
    public const string ReceivedAt = "receivedAt";
    public const string Subject = "subject";
    public const string DocumentUri = "documentUri";
    public const string DatasetUri = "datasetUri";

    /// <summary>A top-level string field of an event's JSON; null when absent or not a string.</summary>
    public static string? Text(JsonElement @event, string name) =>
        @event.ValueKind == JsonValueKind.Object && @event.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
