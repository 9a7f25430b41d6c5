using System.Text.Json;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;

namespace TemporalFlow.Tests.Support;

internal static class SignaledEvents
{
    /// <summary>The events an orchestrator run was signalled: one per <c>trigger</c>, several per <c>trigger_batch</c> (each under "event").</summary>
    public static IEnumerable<JsonElement> In(WorkflowHistory history) =>
        history.Events.Where(e => e.EventType == EventType.WorkflowExecutionSignaled)
            .Select(e => JsonDocument.Parse(e.WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].Data.ToStringUtf8()).RootElement)
            .SelectMany(e => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(item => item.GetProperty("event")) : [e]);
}
