using System.Text.Json;
using System.Text.Json.Serialization;

namespace TemporalFlow.Core.Events;

/// <summary>
/// One event of a <c>trigger_batch</c> signal: inline (<c>event</c>) or by reference to its ledger row (<c>reference</c>), with
/// the W3C <c>traceparent</c> of the call that delivered it.
/// </summary>
public sealed record BatchedEvent(
    [property: JsonPropertyName("event"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Event,
    [property: JsonPropertyName("traceParent")] string? TraceParent,
    [property: JsonPropertyName("reference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventReference? Reference = null);
