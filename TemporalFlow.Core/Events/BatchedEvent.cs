using System.Text.Json;
using System.Text.Json.Serialization;

namespace TemporalFlow.Core.Events;

/// <summary>One event of a <c>trigger_batch</c> signal, with the W3C <c>traceparent</c> of the call that delivered it.</summary>
public sealed record BatchedEvent(
    [property: JsonPropertyName("event")] JsonElement Event,
    [property: JsonPropertyName("traceParent")] string? TraceParent);
