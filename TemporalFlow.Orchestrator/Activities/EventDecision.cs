using System.Text.Json.Serialization;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Orchestrator.Activities;

/// <summary>
/// What the orchestrator decided about one event, as the <c>RouteEvents</c> activity records it: the ledger row's fields, the
/// domain workflow to start when it was routed, and the payload only when the ledger does not hold it yet (an inline event).
/// </summary>
public sealed record EventDecision(
    [property: JsonPropertyName("eventId")] string EventId,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("source"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("rule"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Rule,
    [property: JsonPropertyName("configVersion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConfigurationVersion,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonPropertyName("start"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DomainTarget? Start,
    [property: JsonPropertyName("traceParent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent,
    [property: JsonPropertyName("payload"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PayloadJson)
{
    public LedgerEntry ToLedgerEntry() =>
        new(EventId, Source, EventType, PayloadJson, ReceivedAt, Status, Rule, Start?.WorkflowId, Reason, ConfigurationVersion);
}

/// <summary>The domain workflow a routed event starts.</summary>
public sealed record DomainTarget(
    [property: JsonPropertyName("workflowType")] string WorkflowType,
    [property: JsonPropertyName("taskQueue")] string TaskQueue,
    [property: JsonPropertyName("workflowId")] string WorkflowId);
