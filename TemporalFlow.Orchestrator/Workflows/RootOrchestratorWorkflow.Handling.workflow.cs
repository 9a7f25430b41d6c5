using System.Text.Json;
using Temporalio.Workflows;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Routing;
using TemporalFlow.Orchestrator.Activities;

namespace TemporalFlow.Orchestrator.Workflows;

public sealed partial class RootOrchestratorWorkflow
{
    /// <summary>One event: validate, de-duplicate, route, start the target (without waiting for it), record in the ledger.</summary>
    private async Task HandleAsync(PendingEvent item, RoutingTable routing)
    {
        stats.Received++;
        var parsed = EventParser.Parse(item.Event, item.ReceivedAt);
        if (parsed.Event is not { } flowEvent || !parsed.IsValid)
        {
            var id = IdOf(item.Event);
            if (Remember(id))
            {
                await DeadLetterAsync(id, TextField(item.Event, EventFields.EventType), TextField(item.Event, EventFields.Source), item,
                    parsed.Reason, LedgerStatus.Rejected, rule: null, routing.Version);
            }
            else
            {
                stats.Duplicates++;
            }
            return;
        }
        if (!Remember(flowEvent.EventId))
        {
            stats.Duplicates++;
            return;
        }
        stats.Count(flowEvent.EventType, flowEvent.Source, c => c.Received++);

        var decision = routing.Route(flowEvent.EventType, flowEvent.Source);
        if (decision.Target is not { } target)
        {
            await DeadLetterAsync(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, item, decision.Reason!, LedgerStatus.DeadLettered,
                decision.Rule, decision.ConfigurationVersion);
            return;
        }
        var missing = target.RequiredFields.Where(field => !HasValue(flowEvent, field)).ToList();
        if (missing.Count > 0)
        {
            await DeadLetterAsync(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, item,
                $"{string.Join(", ", missing)}: required by workflow '{decision.WorkflowKey}' but missing", LedgerStatus.DeadLettered,
                decision.Rule, decision.ConfigurationVersion);
            return;
        }

        var workflowId = RoutingTable.WorkflowId(decision.WorkflowKey!, target, flowEvent.EventId, flowEvent.EventType, flowEvent.Source);
        var eventJson = flowEvent.ToJson();
        // The workflow id is known before the start, so the start and the ledger row go out together.
        await Workflow.WhenAllAsync(
            Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.StartDomainWorkflowAsync(
                new DomainWorkflowStart(target.WorkflowType, target.TaskQueue, workflowId, eventJson, decision.Rule, decision.ConfigurationVersion)), ActivityOptions),
            Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.RecordInLedgerAsync(new LedgerEntry(flowEvent.EventId, flowEvent.Source,
                flowEvent.EventType, eventJson.GetRawText(), flowEvent.ReceivedAt, LedgerStatus.Routed, decision.Rule, workflowId, null,
                decision.ConfigurationVersion)), ActivityOptions));
        stats.Routed++;
        stats.Count(flowEvent.EventType, flowEvent.Source, c => c.Routed++);
        AddRecent(new EventSummary(flowEvent.EventId, flowEvent.EventType, flowEvent.Source, LedgerStatus.Routed, decision.Rule, workflowId, null,
            decision.ConfigurationVersion, flowEvent.ReceivedAt));
    }

    private async Task DeadLetterAsync(string eventId, string? eventType, string? source, PendingEvent item, string reason, string status,
        string? rule, string configurationVersion)
    {
        await Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.RecordInLedgerAsync(new LedgerEntry(eventId, source,
            eventType ?? "(invalid)", item.Event.GetRawText(), item.ReceivedAt, status, rule, null, reason, configurationVersion)), ActivityOptions);
        stats.Rejected++;
        stats.Count(eventType, source, c => c.Rejected++);
        deadLetters.Add(new DeadLetter(eventId, item.Event, reason, status, item.ReceivedAt));
        if (deadLetters.Count > DeadLetterLimit)
        {
            deadLetters.RemoveAt(0); // still in the ledger
        }
        AddRecent(new EventSummary(eventId, eventType, source, status, rule, null, reason, configurationVersion, item.ReceivedAt));
    }

    private void AddRecent(EventSummary summary)
    {
        recent.Add(summary);
        if (recent.Count > RecentLimit)
        {
            recent.RemoveAt(0);
        }
    }

    private static bool HasValue(FlowEvent flowEvent, string field) =>
        flowEvent.Payload.TryGetValue(field, out var value)
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
        && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 0);

    private static string IdOf(JsonElement json) =>
        TextField(json, EventFields.EventId) is { Length: > 0 and <= 256 } given ? given : EventIds.Derive(json);

    private static string? TextField(JsonElement json, string field) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
