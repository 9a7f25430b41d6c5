using System.Text.Json.Serialization;

namespace TemporalFlow.Core.Events;

/// <summary>
/// An event whose payload is kept in the ledger (a claim check), as the orchestrator's signal carries it: only what
/// validation and routing need, so the orchestrator's history grows by a few hundred bytes per event whatever its size.
/// <see cref="Fields"/> names the payload fields that have a value (the check of a route's required fields);
/// <see cref="Invalid"/> is why the event failed <see cref="EventParser"/> when the delivery port checked it.
/// </summary>
public sealed record EventReference(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("fields")] IReadOnlyList<string> Fields,
    [property: JsonPropertyName("invalid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Invalid = null)
{
    /// <summary>At most this many field names, each at most <see cref="MaxFieldNameLength"/> characters: an event with more travels inline.</summary>
    public const int MaxFields = 32;

    public const int MaxFieldNameLength = 64;

    /// <summary>The reference of a parsed event; null when it names too many fields to be small (it then travels inline).</summary>
    public static EventReference? Of(FlowEvent flowEvent)
    {
        var fields = flowEvent.Payload.Keys.Where(flowEvent.HasValue).Order(StringComparer.Ordinal).ToList();
        return fields.Count > MaxFields || fields.Any(f => f.Length > MaxFieldNameLength)
            ? null
            : new EventReference(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, flowEvent.ReceivedAt, fields);
    }

    /// <summary>What is wrong with a reference that did not come from <see cref="Of"/> (a hand-made signal); null when it is well formed.</summary>
    public string? Problem(EventLimits limits)
    {
        var problems = new List<string>();
        Check(EventFields.EventId, EventId, required: true);
        Check(EventFields.EventType, EventType, required: true);
        Check(EventFields.Source, Source, required: false);
        if (Fields is null || Fields.Count > MaxFields || Fields.Any(f => f is null || f.Length > MaxFieldNameLength))
        {
            problems.Add($"fields: at most {MaxFields} names of at most {MaxFieldNameLength} characters");
        }
        return problems.Count == 0 ? null : "reference: " + string.Join("; ", problems);

        void Check(string field, string? value, bool required)
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{field}: is required");
            }
            else if (value is not null && value.Length > limits.MaxIdentifierLength)
            {
                problems.Add($"{field}: is {value.Length} characters, over the {limits.MaxIdentifierLength}-character limit");
            }
        }
    }
}
